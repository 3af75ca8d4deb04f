// The demo workspaces (DOMAIN.md; seeds 001, 002, 003). Pure data: packages/db/src/seed.ts writes it.

export const DEMO_PASSWORD = "regiotafel-demo";
export const DEMO_EMAIL_DOMAIN = "demo.regiotafel.nl";

export interface DemoRegion {
  slug: string;
  name: string;
  /** The regional body whose coordinator account is `coordinator.<coordinatorKey>@…`. */
  body: string;
  coordinatorKey: string;
  municipalities: { slug: string; name: string }[];
}

export interface DemoWorkspace {
  slug: string;
  name: string;
  description: string;
  regions: DemoRegion[];
}

export const DEMO_WORKSPACES: DemoWorkspace[] = [
  {
    slug: "limburg",
    name: "Samenwerking inkoop sociaal domein Limburg",
    description:
      "Noord-Limburg, Midden-Limburg Oost en Midden-Limburg West werken samen aan de inkoop van jeugdhulp, Wmo-ondersteuning en beschermd wonen.",
    regions: [
      {
        slug: "noord-limburg",
        name: "Noord-Limburg",
        body: "MGR Sociaal Domein Limburg-Noord",
        coordinatorKey: "noord",
        municipalities: [
          { slug: "beesel", name: "Beesel" },
          { slug: "bergen", name: "Bergen" },
          { slug: "gennep", name: "Gennep" },
          { slug: "horst-aan-de-maas", name: "Horst aan de Maas" },
          { slug: "peel-en-maas", name: "Peel en Maas" },
          { slug: "venlo", name: "Venlo" },
          { slug: "venray", name: "Venray" },
        ],
      },
      {
        slug: "midden-limburg-oost",
        name: "Midden-Limburg Oost",
        body: "Samenwerking Midden-Limburg Oost",
        coordinatorKey: "oost",
        municipalities: [
          { slug: "echt-susteren", name: "Echt-Susteren" },
          { slug: "maasgouw", name: "Maasgouw" },
          { slug: "roerdalen", name: "Roerdalen" },
          { slug: "roermond", name: "Roermond" },
        ],
      },
      {
        slug: "midden-limburg-west",
        name: "Midden-Limburg West",
        body: "Convenant Midden-Limburg West",
        coordinatorKey: "west",
        municipalities: [
          { slug: "leudal", name: "Leudal" },
          { slug: "nederweert", name: "Nederweert" },
          { slug: "weert", name: "Weert" },
        ],
      },
    ],
  },
  {
    slug: "rivierenland",
    name: "Inkoop sociaal domein Rivierenland",
    description:
      "De zes gemeenten van Rivierenland kopen samen Wmo-ondersteuning en jeugdhulp in, met de Regio Rivierenland als uitvoerder.",
    regions: [
      {
        slug: "rivierenland",
        name: "Rivierenland",
        body: "Regio Rivierenland",
        coordinatorKey: "rivierenland",
        municipalities: [
          { slug: "buren", name: "Buren" },
          { slug: "culemborg", name: "Culemborg" },
          { slug: "neder-betuwe", name: "Neder-Betuwe" },
          { slug: "tiel", name: "Tiel" },
          { slug: "west-betuwe", name: "West Betuwe" },
          { slug: "west-maas-en-waal", name: "West Maas en Waal" },
        ],
      },
    ],
  },
];

/** admin@… administers every demo workspace. */
export const DEMO_ADMIN = { email: `admin@${DEMO_EMAIL_DOMAIN}`, name: "Beheerder Regiotafel", organisation: "Regiotafel" };
/** A platform administrator (ADR 0021) of the same organisation, a member of no workspace: shows the platform page. */
export const DEMO_PLATFORM_ADMIN = { email: `platform@${DEMO_EMAIL_DOMAIN}`, name: "Platformbeheerder Regiotafel" };
