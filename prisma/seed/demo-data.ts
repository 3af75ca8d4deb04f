// The demo workspaces (DOMAIN.md; seeds 001, 002, 003). Pure data: packages/db/src/seed.ts writes it.

export const DEMO_PASSWORD = "regiotafel-demo";
export const DEMO_EMAIL_DOMAIN = "demo.regiotafel.nl";

export interface DemoRegion {
  slug: string;
  name: string;
  /** The regional body whose coordinator account is `coordinator.<coordinatorKey>@…`. */
  body: string;
  coordinatorKey: string;
  /**
   * The region's municipalities: directory rows matched by CBS code (prisma/directory/), shown
   * under the demo's slug and name (the demo says "Bergen" where CBS says "Bergen (L.)").
   */
  municipalities: { slug: string; name: string; code: string }[];
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
          { slug: "beesel", name: "Beesel", code: "GM0889" },
          { slug: "bergen", name: "Bergen", code: "GM0893" },
          { slug: "gennep", name: "Gennep", code: "GM0907" },
          { slug: "horst-aan-de-maas", name: "Horst aan de Maas", code: "GM1507" },
          { slug: "peel-en-maas", name: "Peel en Maas", code: "GM1894" },
          { slug: "venlo", name: "Venlo", code: "GM0983" },
          { slug: "venray", name: "Venray", code: "GM0984" },
        ],
      },
      {
        slug: "midden-limburg-oost",
        name: "Midden-Limburg Oost",
        body: "Samenwerking Midden-Limburg Oost",
        coordinatorKey: "oost",
        municipalities: [
          { slug: "echt-susteren", name: "Echt-Susteren", code: "GM1711" },
          { slug: "maasgouw", name: "Maasgouw", code: "GM1641" },
          { slug: "roerdalen", name: "Roerdalen", code: "GM1669" },
          { slug: "roermond", name: "Roermond", code: "GM0957" },
        ],
      },
      {
        slug: "midden-limburg-west",
        name: "Midden-Limburg West",
        body: "Convenant Midden-Limburg West",
        coordinatorKey: "west",
        municipalities: [
          { slug: "leudal", name: "Leudal", code: "GM1640" },
          { slug: "nederweert", name: "Nederweert", code: "GM0946" },
          { slug: "weert", name: "Weert", code: "GM0988" },
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
          { slug: "buren", name: "Buren", code: "GM0214" },
          { slug: "culemborg", name: "Culemborg", code: "GM0216" },
          { slug: "neder-betuwe", name: "Neder-Betuwe", code: "GM1740" },
          { slug: "tiel", name: "Tiel", code: "GM0281" },
          { slug: "west-betuwe", name: "West Betuwe", code: "GM1960" },
          { slug: "west-maas-en-waal", name: "West Maas en Waal", code: "GM0668" },
        ],
      },
    ],
  },
];

/** admin@… administers every demo workspace. */
export const DEMO_ADMIN = { email: `admin@${DEMO_EMAIL_DOMAIN}`, name: "Beheerder Regiotafel", organisation: "Regiotafel" };
/** A platform administrator (ADR 0021) of the same organisation, a member of no workspace: shows the platform page. */
export const DEMO_PLATFORM_ADMIN = { email: `platform@${DEMO_EMAIL_DOMAIN}`, name: "Platformbeheerder Regiotafel" };
