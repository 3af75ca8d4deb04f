import { useMemo } from "react";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { PreviewHeading } from "./headings";
import Collaboration from "@tiptap/extension-collaboration";
import { Table, TableCell, TableHeader, TableRow } from "@tiptap/extension-table";
import * as Y from "yjs";
import { useT } from "~/i18n/use-t";

/** A stored version shown read-only: its Yjs state rendered by the same editor, not editable. */
export function VersionPreview({ state }: { state: string }) {
  const t = useT();
  const doc = useMemo(() => {
    const d = new Y.Doc();
    Y.applyUpdate(d, Uint8Array.from(atob(state), (c) => c.charCodeAt(0)));
    return d;
  }, [state]);
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: false,
      extensions: [StarterKit.configure({ undoRedo: false, heading: false }), PreviewHeading, Table, TableRow, TableHeader, TableCell, Collaboration.configure({ document: doc, field: "default" })],
      editorProps: { attributes: { class: "rt-editor__content utrecht-rich-text", "aria-label": t("versions.previewLabel") } },
    },
    [doc],
  );
  return <EditorContent editor={editor} />;
}
