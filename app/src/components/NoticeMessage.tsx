import { useActionData, useSearchParams } from "@remix-run/react";
import { readNotice, type Notice } from "~/lib/notice";
import { StatusMessage } from "./Feedback";

/**
 * The success message of the action that redirected here (`?melding=…`, see ~/lib/notice), in a
 * polite live region (role="status"). `messages` gives the page's text per notice it expects;
 * once the page's own forms answer, their message takes over.
 */
export function NoticeMessage({ messages }: { messages: Partial<Record<Notice, string>> }) {
  const [params] = useSearchParams();
  const answered = useActionData() !== undefined;
  const notice = readNotice(params);
  const text = !answered && notice ? (messages[notice] ?? null) : null;
  return <StatusMessage>{text}</StatusMessage>;
}
