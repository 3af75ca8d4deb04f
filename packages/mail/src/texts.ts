import type { Catalogue } from "@regiotafel/domain";

/**
 * The mails' texts, Dutch and English, in the style of the other catalogues (messages.ts,
 * app/src/i18n): keys per template, `{name}` placeholders filled from the parameters. The
 * English texts contain no Dutch (mail.test.ts checks every rendering).
 */
export const mailTexts: Catalogue = {
  nl: {
    "mail.product": "Regiotafel",
    "mail.tagline": "samenwerking inkoop sociaal domein",
    "mail.sentBy": "Deze e-mail is verstuurd door Regiotafel.",
    "mail.sentByFor": "Deze e-mail is verstuurd door Regiotafel namens {organisation}.",
    "mail.automatic": "Dit is een automatisch bericht; antwoorden op deze e-mail komen nergens aan.",
    "mail.linkFallback": "Werkt de knop niet? Kopieer dan dit adres naar je browser:",

    "role.VIEWER": "lezer",
    "role.EDITOR": "bewerker",
    "role.COORDINATOR": "coördinator",
    "role.ADMIN": "beheerder",

    "invitation.subject": "Uitnodiging voor de werkruimte {workspace} in Regiotafel",
    "invitation.heading": "Je bent uitgenodigd voor {workspace}",
    "invitation.intro": "{inviterName} van {organisation} nodigt je uit om als {role} mee te werken in de werkruimte {workspace} in Regiotafel.",
    "invitation.action": "Uitnodiging voor {workspace} accepteren in Regiotafel",
    "invitation.expiry": "De uitnodiging is geldig tot en met {expiresOn}. Daarna kun je om een nieuwe vragen.",
    "invitation.unexpected": "Verwachtte je deze uitnodiging niet? Dan kun je deze e-mail negeren; er gebeurt niets zonder dat je de uitnodiging accepteert.",

    "passwordReset.subject": "Nieuw wachtwoord kiezen voor Regiotafel",
    "passwordReset.heading": "Nieuw wachtwoord kiezen",
    "passwordReset.intro": "Iemand heeft gevraagd om het wachtwoord van je Regiotafel-account opnieuw in te stellen.",
    "passwordReset.action": "Nieuw wachtwoord kiezen in Regiotafel",
    "passwordReset.expiry": "De link werkt één keer en is 1 uur geldig. Als je een nieuw wachtwoord kiest, word je overal uitgelogd.",
    "passwordReset.unexpected": "Heb je dit niet zelf gevraagd? Dan kun je deze e-mail negeren; je wachtwoord blijft hetzelfde.",

    "devMailbox.title": "Ontwikkelpostvak",
    "devMailbox.intro": "Zonder SMTP_URL worden e-mails niet verzonden. Hier staan de laatste {count}, nieuwste eerst. Deze pagina bestaat niet in productie.",
    "devMailbox.empty": "Nog geen e-mails.",
    "devMailbox.to": "Aan",
    "devMailbox.at": "Aangemaakt",
  },
  en: {
    "mail.product": "Regiotafel",
    "mail.tagline": "joint procurement in the social domain",
    "mail.sentBy": "This email was sent by Regiotafel.",
    "mail.sentByFor": "This email was sent by Regiotafel on behalf of {organisation}.",
    "mail.automatic": "This is an automated message; replies to this email are not read.",
    "mail.linkFallback": "Button not working? Copy this address into your browser:",

    "role.VIEWER": "viewer",
    "role.EDITOR": "editor",
    "role.COORDINATOR": "coordinator",
    "role.ADMIN": "administrator",

    "invitation.subject": "Invitation to the workspace {workspace} on Regiotafel",
    "invitation.heading": "You have been invited to {workspace}",
    "invitation.intro": "{inviterName} from {organisation} invites you to work as {role} in the workspace {workspace} on Regiotafel.",
    "invitation.action": "Accept the invitation to {workspace} on Regiotafel",
    "invitation.expiry": "The invitation is valid until {expiresOn}. After that you can ask for a new one.",
    "invitation.unexpected": "Not expecting this invitation? Then you can ignore this email; nothing happens unless you accept it.",

    "passwordReset.subject": "Choose a new password for Regiotafel",
    "passwordReset.heading": "Choose a new password",
    "passwordReset.intro": "Someone asked to reset the password of your Regiotafel account.",
    "passwordReset.action": "Choose a new password on Regiotafel",
    "passwordReset.expiry": "The link works once and is valid for 1 hour. Choosing a new password signs you out everywhere.",
    "passwordReset.unexpected": "Did not ask for this? Then you can ignore this email; your password stays the same.",

    "devMailbox.title": "Development mailbox",
    "devMailbox.intro": "Without SMTP_URL emails are not sent. These are the latest {count}, newest first. This page does not exist in production.",
    "devMailbox.empty": "No emails yet.",
    "devMailbox.to": "To",
    "devMailbox.at": "Created",
  },
};
