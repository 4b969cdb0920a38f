// Small DOM helpers the page's modules share.

/** A new element with a class and, optionally, its text. */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}
