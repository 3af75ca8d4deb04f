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
    "invitation.forOrganisation": "Je werkt mee namens {organisation}. Heb je nog geen account, dan maak je er via de link een aan met je naam en een wachtwoord.",
    "invitation.action": "Uitnodiging voor {workspace} accepteren in Regiotafel",
    "invitation.expiry": "De uitnodiging is geldig tot en met {expiresOn}. Daarna kun je om een nieuwe vragen.",
    "invitation.unexpected": "Verwachtte je deze uitnodiging niet? Dan kun je deze e-mail negeren; er gebeurt niets zonder dat je de uitnodiging accepteert.",

    "passwordReset.subject": "Nieuw wachtwoord kiezen voor Regiotafel",
    "passwordReset.heading": "Nieuw wachtwoord kiezen",
    "passwordReset.intro": "Iemand heeft gevraagd om het wachtwoord van je Regiotafel-account opnieuw in te stellen.",
    "passwordReset.action": "Nieuw wachtwoord kiezen in Regiotafel",
    "passwordReset.expiry": "De link werkt één keer en is 1 uur geldig. Als je een nieuw wachtwoord kiest, word je overal uitgelogd.",
    "passwordReset.unexpected": "Heb je dit niet zelf gevraagd? Dan kun je deze e-mail negeren; je wachtwoord blijft hetzelfde.",

    "passwordResetSso.subject": "Inloggen bij Regiotafel gaat via je organisatie",
    "passwordResetSso.heading": "Log in met je werkaccount",
    "passwordResetSso.intro": "Iemand heeft gevraagd om het wachtwoord van je Regiotafel-account opnieuw in te stellen. {organisation} laat je alleen inloggen met je werkaccount, dus een wachtwoord is niet nodig: vul op de inlogpagina je e-mailadres in en log in bij je organisatie.",
    "passwordResetSso.action": "Naar de inlogpagina van Regiotafel",

    "linkIdentity.subject": "Bevestig het inloggen via {organisation} bij Regiotafel",
    "linkIdentity.heading": "Inloggen via je organisatie koppelen",
    "linkIdentity.intro": "Je hebt ingelogd met je werkaccount van {organisation}. Er bestond al een Regiotafel-account met dit e-mailadres. Bevestig dat dit account van jou is; daarna log je er voortaan mee in via je organisatie.",
    "linkIdentity.action": "Koppeling bevestigen in Regiotafel",
    "linkIdentity.expiry": "De link werkt één keer en is 30 minuten geldig.",
    "linkIdentity.unexpected": "Heb je dit niet zelf gedaan? Dan kun je deze e-mail negeren; er verandert niets.",

    "passwordChanged.subject": "Je wachtwoord voor Regiotafel is gewijzigd",
    "passwordChanged.heading": "Je wachtwoord is gewijzigd",
    "passwordChanged.intro": "Het wachtwoord van je Regiotafel-account is zojuist opnieuw ingesteld via een link uit een e-mail. Je bent overal uitgelogd.",
    "passwordChanged.action": "Nieuw wachtwoord kiezen in Regiotafel",
    "passwordChanged.unexpected": "Heb je dit niet zelf gedaan? Kies dan meteen een nieuw wachtwoord en neem contact op met de beheerder van Regiotafel.",

    "emailChangeConfirm.subject": "Bevestig je nieuwe e-mailadres voor Regiotafel",
    "emailChangeConfirm.heading": "Bevestig je nieuwe e-mailadres",
    "emailChangeConfirm.intro": "{name}, je hebt gevraagd om {newEmail} te gebruiken voor je Regiotafel-account. Je e-mailadres verandert pas als je dat hieronder bevestigt.",
    "emailChangeConfirm.action": "Nieuw e-mailadres bevestigen in Regiotafel",
    "emailChangeConfirm.expiry": "De link werkt één keer en is 24 uur geldig.",
    "emailChangeConfirm.unexpected": "Heb je dit niet zelf gevraagd? Dan kun je deze e-mail negeren; er verandert niets.",

    "emailChangeNotice.subject": "Wijziging van je e-mailadres voor Regiotafel aangevraagd",
    "emailChangeNotice.heading": "Je e-mailadres wordt misschien gewijzigd",
    "emailChangeNotice.intro": "{name}, er is gevraagd om het e-mailadres van je Regiotafel-account te wijzigen in {newEmail}. Dat gebeurt pas als de link in de e-mail aan dat adres wordt geopend.",
    "emailChangeNotice.action": "Nieuw wachtwoord kiezen in Regiotafel",
    "emailChangeNotice.unexpected": "Heb je dit niet zelf gevraagd? Dan kent iemand anders je wachtwoord: kies meteen een nieuw wachtwoord en neem contact op met de beheerder van Regiotafel.",

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
    "invitation.forOrganisation": "You take part on behalf of {organisation}. If you have no account yet, the link lets you create one with your name and a password.",
    "invitation.action": "Accept the invitation to {workspace} on Regiotafel",
    "invitation.expiry": "The invitation is valid until {expiresOn}. After that you can ask for a new one.",
    "invitation.unexpected": "Not expecting this invitation? Then you can ignore this email; nothing happens unless you accept it.",

    "passwordReset.subject": "Choose a new password for Regiotafel",
    "passwordReset.heading": "Choose a new password",
    "passwordReset.intro": "Someone asked to reset the password of your Regiotafel account.",
    "passwordReset.action": "Choose a new password on Regiotafel",
    "passwordReset.expiry": "The link works once and is valid for 1 hour. Choosing a new password signs you out everywhere.",
    "passwordReset.unexpected": "Did not ask for this? Then you can ignore this email; your password stays the same.",

    "passwordResetSso.subject": "Signing in to Regiotafel goes through your organisation",
    "passwordResetSso.heading": "Sign in with your work account",
    "passwordResetSso.intro": "Someone asked to reset the password of your Regiotafel account. {organisation} only lets you sign in with your work account, so you need no password: enter your email address on the sign-in page and sign in with your organisation.",
    "passwordResetSso.action": "Go to the Regiotafel sign-in page",

    "linkIdentity.subject": "Confirm signing in to Regiotafel through {organisation}",
    "linkIdentity.heading": "Link sign-in through your organisation",
    "linkIdentity.intro": "You signed in with your {organisation} work account. A Regiotafel account with this email address already existed. Confirm that this account is yours; from then on you sign in to it through your organisation.",
    "linkIdentity.action": "Confirm the link on Regiotafel",
    "linkIdentity.expiry": "The link works once and is valid for 30 minutes.",
    "linkIdentity.unexpected": "Did not do this yourself? Then you can ignore this email; nothing changes.",

    "passwordChanged.subject": "Your Regiotafel password was changed",
    "passwordChanged.heading": "Your password was changed",
    "passwordChanged.intro": "The password of your Regiotafel account was just reset through a link from an email. You have been signed out everywhere.",
    "passwordChanged.action": "Choose a new password on Regiotafel",
    "passwordChanged.unexpected": "Did not do this yourself? Then choose a new password at once and contact the Regiotafel administrator.",

    "emailChangeConfirm.subject": "Confirm your new email address for Regiotafel",
    "emailChangeConfirm.heading": "Confirm your new email address",
    "emailChangeConfirm.intro": "{name}, you asked to use {newEmail} for your Regiotafel account. Your email address only changes when you confirm below.",
    "emailChangeConfirm.action": "Confirm the new email address on Regiotafel",
    "emailChangeConfirm.expiry": "The link works once and is valid for 24 hours.",
    "emailChangeConfirm.unexpected": "Did not ask for this? Then you can ignore this email; nothing changes.",

    "emailChangeNotice.subject": "Change of your Regiotafel email address requested",
    "emailChangeNotice.heading": "Your email address may change",
    "emailChangeNotice.intro": "{name}, someone asked to change the email address of your Regiotafel account to {newEmail}. That only happens when the link in the email to that address is opened.",
    "emailChangeNotice.action": "Choose a new password on Regiotafel",
    "emailChangeNotice.unexpected": "Did not ask for this? Then someone else knows your password: choose a new password at once and contact the Regiotafel administrator.",

    "devMailbox.title": "Development mailbox",
    "devMailbox.intro": "Without SMTP_URL emails are not sent. These are the latest {count}, newest first. This page does not exist in production.",
    "devMailbox.empty": "No emails yet.",
    "devMailbox.to": "To",
    "devMailbox.at": "Created",
  },
};
