/**
 * The accessibility statement's contact (ACCESSIBILITY_CONTACT) as a link: an e-mail address
 * becomes a mailto link, a web address (http/https) a link; anything else stays text (null).
 */
export function contactHref(contact: string): string | null {
  if (/^[^\s@<>:/]+@[^\s@<>/]+\.[^\s@<>/]+$/.test(contact)) return `mailto:${contact}`;
  if (/^https?:\/\/[^\s<>"]+$/.test(contact)) return contact;
  return null;
}
