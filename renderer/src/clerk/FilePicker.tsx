/** A button that opens the file picker for PDFs (the input itself is visually hidden, and named for screen readers). */
import { filesOf } from './paper-uploads.ts';

interface FilePickerProps {
  /** What the button says. */
  text: string;
  /** The input's accessible name: what the files are for. */
  label: string;
  multiple: boolean;
  onFiles: (files: File[]) => void;
}

export function FilePicker({ text, label, multiple, onFiles }: FilePickerProps) {
  return (
    <label className="button button--small file-picker">
      {text}
      <input
        className="visually-hidden"
        type="file"
        accept="application/pdf,.pdf"
        multiple={multiple}
        aria-label={label}
        onChange={(event) => {
          onFiles(filesOf(event.target.files));
          // The same file can be chosen again after a refusal.
          event.target.value = '';
        }}
      />
    </label>
  );
}
