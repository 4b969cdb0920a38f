// The three ways to give the page a photo: the file picker, dropping a file on the drop zone, pasting (Ctrl+V).
// Whatever arrives goes to the server as it is: the API decides what is an image and says why when it is not.

/**
 * @param {{ button: HTMLButtonElement, input: HTMLInputElement, dropZone: HTMLElement }} elements
 * @param {{ onPhoto: (file: File) => void, onProblem: (title: string, detail: string) => void }} handlers
 */
export function watchPhotoInput({ button, input, dropZone }, { onPhoto, onProblem }) {
  button.addEventListener("click", () => {
    // Choosing the same file again should search again.
    input.value = "";
    input.click();
  });
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) {
      onPhoto(file);
    }
  });

  // Depth counts enters and leaves of the zone's children, so the highlight does not flicker over them.
  let depth = 0;
  const highlight = (on) => dropZone.classList.toggle("dragging", on);
  dropZone.addEventListener("dragenter", (event) => {
    event.preventDefault();
    depth += 1;
    highlight(true);
  });
  dropZone.addEventListener("dragover", (event) => {
    event.preventDefault();
    if (event.dataTransfer) {
      event.dataTransfer.dropEffect = "copy";
    }
  });
  dropZone.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    highlight(depth > 0);
  });
  dropZone.addEventListener("drop", (event) => {
    event.preventDefault();
    depth = 0;
    highlight(false);
    const file = event.dataTransfer?.files?.[0];
    if (file) {
      onPhoto(file);
    } else {
      onProblem("Nothing to search with", "Drop a photo file from your computer onto the box.");
    }
  });

  // A file dropped just beside the zone would otherwise make the browser leave the page to show it.
  for (const type of ["dragover", "drop"]) {
    document.addEventListener(type, (event) => {
      if (!dropZone.contains(/** @type {Node} */ (event.target))) {
        event.preventDefault();
      }
    });
  }

  document.addEventListener("paste", (event) => {
    const file = event.clipboardData?.files?.[0];
    if (file) {
      event.preventDefault();
      onPhoto(file);
    }
    // Text is left alone: it pastes into whatever field has the focus.
  });
}
