import { useHydrated } from "~/lib/use-hydrated";
import { useWorkspace } from "~/lib/workspace";
import type { LiveState } from "~/lib/live";
import { useT } from "~/i18n/use-t";

/**
 * The live state of a record page: whether changes arrive by themselves, and who else has the
 * page open. Announced politely, so screen reader users hear when someone joins or a change lands.
 */
export function LivePresence({ live }: { live: LiveState }) {
  const t = useT();
  const hydrated = useHydrated();
  const { me, members } = useWorkspace();
  const others = live.viewers.filter((v) => v.userId !== me.userId);
  const actor = live.lastChange && live.lastChange.actorId !== me.userId ? members.find((m) => m.userId === live.lastChange!.actorId) : undefined;
  return (
    <div className="rt-live" role="status" aria-live="polite" data-live={live.connected ? "connected" : "offline"}>
      {/* Without JavaScript (and before it runs) there is no live connection to report on. */}
      {hydrated && (
        <>
          <span className={`rt-sync__dot rt-sync__dot--${live.connected ? "saved" : "offline"}`} aria-hidden="true" />
          <span className="rt-small">{t(live.connected ? "live.connected" : "live.offline")}</span>
          {live.connected && (
            <span className="rt-small rt-live__viewers" data-testid="live-viewers">
              {others.length === 0
                ? t("live.onlyYou")
                : `${t("live.alsoHere")} ${others.map((v) => t("live.viewer", { name: v.name, organisation: v.organisation })).join(", ")}`}
            </span>
          )}
          {actor && <span className="rt-small rt-muted">{t("live.updated", { name: actor.name })}</span>}
        </>
      )}
    </div>
  );
}
