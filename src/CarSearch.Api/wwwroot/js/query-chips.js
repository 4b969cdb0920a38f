// The search on screen as chips, one per term and one per filter: a text term is an input (edit it and press Enter
// to search again), an image term shows the image, and each chip has a button that removes it.

import { element } from "./dom.js";
import { sorted } from "./search-query.js";

const KindLabels = {
  text: { tag: "", field: "Search words" },
  not: { tag: "not", field: "Words to avoid" },
  like: { tag: "like", field: "" },
  unlike: { tag: "not like", field: "" },
};

/**
 * @param {HTMLUListElement} list
 * @param {import("./search-query.js").SearchQuery} query
 * @param {{
 *   thumbnailOf: (id: string) => string,
 *   nameOf: (id: string) => string,
 *   onEditTerm: (index: number, value: string) => void,
 *   onRemoveTerm: (index: number) => void,
 *   onRemoveFilter: (name: string) => void,
 * }} handlers term indexes are positions in the query's terms, in the order `sorted` gives
 */
export function renderQueryChips(list, query, handlers) {
  const chips = sorted(query.terms).map((term, index) => (term.kind === "text" || term.kind === "not"
    ? textChip(term, index, handlers)
    : imageChip(term, index, handlers)));
  for (const [name, value] of query.filters) {
    const chip = element("li", "term term-filter");
    chip.append(element("span", "term-kind", `${name}:`), element("span", "term-value", value),
      removeButton(`Remove filter ${name}: ${value}`, () => handlers.onRemoveFilter(name)));
    chips.push(chip);
  }
  list.replaceChildren(...chips);
  list.hidden = chips.length === 0;
}

function textChip(term, index, { onEditTerm, onRemoveTerm }) {
  const labels = KindLabels[term.kind];
  const chip = element("li", `term term-${term.kind}`);
  if (labels.tag) {
    chip.append(element("span", "term-kind", labels.tag));
  }
  const input = document.createElement("input");
  input.type = "text";
  input.className = "term-text";
  input.value = term.value;
  input.maxLength = 1000;
  input.size = Math.min(Math.max(term.value.length, 4), 28);
  input.setAttribute("aria-label", labels.field);
  input.autocomplete = "off";
  // Once: Enter searches and redraws the chips, and the input leaving may fire `change` as well.
  let committed = false;
  const commit = () => {
    if (!committed && input.value.trim() !== term.value) {
      committed = true;
      onEditTerm(index, input.value);
    }
  };
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      commit();
    } else if (event.key === "Escape") {
      input.value = term.value;
    }
  });
  input.addEventListener("change", commit);
  const quoted = term.kind === "not" ? `not “${term.value}”` : `“${term.value}”`;
  chip.append(input, removeButton(`Remove ${quoted}`, () => onRemoveTerm(index)));
  return chip;
}

function imageChip(term, index, { thumbnailOf, nameOf, onRemoveTerm }) {
  const labels = KindLabels[term.kind];
  const chip = element("li", `term term-${term.kind}`);
  const image = document.createElement("img");
  image.alt = "";
  image.src = thumbnailOf(term.value);
  image.addEventListener("error", () => image.remove(), { once: true });
  const name = nameOf(term.value);
  chip.append(element("span", "term-kind", labels.tag), image, element("span", "term-value", name),
    removeButton(`Remove ${labels.tag} ${name}`, () => onRemoveTerm(index)));
  return chip;
}

function removeButton(label, onClick) {
  const button = element("button", "term-remove", "×");
  button.type = "button";
  button.setAttribute("aria-label", label);
  button.title = label;
  button.addEventListener("click", onClick);
  return button;
}
