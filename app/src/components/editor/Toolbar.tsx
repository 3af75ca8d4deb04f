import type { Editor } from "@tiptap/react";
import { useT } from "~/i18n/use-t";
import { toolName } from "./headings";

interface ToolProps {
  label: string;
  active?: boolean;
  disabled?: boolean;
  onClick(): void;
  children: string;
}

function Tool({ label, active, disabled, onClick, children }: ToolProps) {
  const name = toolName(children, label);
  return (
    <button type="button" className="rt-tool" aria-label={name} title={name} aria-pressed={active} disabled={disabled} onClick={onClick}>
      <span aria-hidden="true">{children}</span>
    </button>
  );
}

/** Formatting buttons for the editor; a toolbar is one tab stop per button, with pressed states announced. */
export function Toolbar({ editor }: { editor: Editor }) {
  const t = useT();
  const chain = () => editor.chain().focus();
  const link = () => {
    const previous = editor.getAttributes("link").href as string | undefined;
    const url = window.prompt(t("editor.linkPrompt"), previous ?? "https://");
    if (url === null) return;
    if (url === "" ) chain().extendMarkRange("link").unsetLink().run();
    else if (/^https?:\/\//.test(url)) chain().extendMarkRange("link").setLink({ href: url }).run();
  };
  return (
    <div className="rt-toolbar" role="toolbar" aria-label={t("editor.toolbar")}>
      {([1, 2, 3] as const).map((level) => (
        <Tool key={level} label={t("editor.heading", { level })} active={editor.isActive("heading", { level })} onClick={() => chain().toggleHeading({ level }).run()}>
          {`H${level}`}
        </Tool>
      ))}
      <Tool label={t("editor.paragraph")} active={editor.isActive("paragraph")} onClick={() => chain().setParagraph().run()}>
        ¶
      </Tool>
      <span className="rt-toolbar__sep" aria-hidden="true" />
      <Tool label={t("editor.bold")} active={editor.isActive("bold")} onClick={() => chain().toggleBold().run()}>
        B
      </Tool>
      <Tool label={t("editor.italic")} active={editor.isActive("italic")} onClick={() => chain().toggleItalic().run()}>
        I
      </Tool>
      <Tool label={t("editor.link")} active={editor.isActive("link")} onClick={link}>
        ↗
      </Tool>
      <span className="rt-toolbar__sep" aria-hidden="true" />
      <Tool label={t("editor.bulletList")} active={editor.isActive("bulletList")} onClick={() => chain().toggleBulletList().run()}>
        •
      </Tool>
      <Tool label={t("editor.orderedList")} active={editor.isActive("orderedList")} onClick={() => chain().toggleOrderedList().run()}>
        1.
      </Tool>
      <Tool label={t("editor.table")} onClick={() => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}>
        ⊞
      </Tool>
      {editor.isActive("table") && (
        <>
          <Tool label={t("editor.addRow")} onClick={() => chain().addRowAfter().run()}>
            +↓
          </Tool>
          <Tool label={t("editor.addColumn")} onClick={() => chain().addColumnAfter().run()}>
            +→
          </Tool>
          <Tool label={t("editor.deleteTable")} onClick={() => chain().deleteTable().run()}>
            ✕⊞
          </Tool>
        </>
      )}
    </div>
  );
}
