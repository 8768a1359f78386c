// A CodeMirror 6 editor with an accessible name, and compile errors shown on their lines.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { json } from "@codemirror/lang-json";
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic as LintDiagnostic } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";

export interface Editor {
  get text(): string;
  set text(value: string);
  /** Marks spans (offsets into the current text) with messages; an empty list clears them. */
  mark(marks: { from: number; to: number; severity: "error" | "warning" | "info"; message: string }[]): void;
}

export function createEditor(
  parent: HTMLElement,
  label: string,
  language: "typescript" | "json",
  onChange: () => void,
): Editor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: "",
      extensions: [
        lineNumbers(),
        history(),
        bracketMatching(),
        highlightActiveLine(),
        lintGutter(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        language === "json" ? json() : javascript({ typescript: true }),
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange();
        }),
      ],
    }),
  });
  return {
    get text() {
      return view.state.doc.toString();
    },
    set text(value: string) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
    },
    mark(marks) {
      const length = view.state.doc.length;
      const diagnostics: LintDiagnostic[] = marks.map((m) => ({
        ...m,
        from: Math.min(m.from, length),
        to: Math.min(Math.max(m.to, m.from), length),
      }));
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
  };
}
