// One search result as a grid item: a button (thumbnail, name, score, metadata) that opens "more like this", and
// below it the two ways to refine: "like this, but…" (a few words added to this image) and "not like this" (this
// image pushed away from the search on screen). Buttons, not links: they change what the page shows, and the page's
// address follows (see search-session.js).

import { element } from "./dom.js";

/**
 * @param {import("./api.js").SearchResult} result
 * @param {{
 *   imageSrc: (href: string) => string,
 *   nameOf: (id: string) => string,
 *   onOpen: (result: import("./api.js").SearchResult) => void,
 *   onLikeBut: (result: import("./api.js").SearchResult, text: string) => void,
 *   onNotLike: ((result: import("./api.js").SearchResult) => void) | null,
 * }} options onNotLike is null where the search on screen cannot take another term (a photo's)
 * @returns {HTMLLIElement}
 */
export function createResultCard(result, { imageSrc, nameOf, onOpen, onLikeBut, onNotLike }) {
  const item = document.createElement("li");
  item.className = "result";
  item.dataset.id = result.id;

  const button = document.createElement("button");
  button.type = "button";
  button.className = "result-button";
  button.dataset.id = result.id;
  button.title = `More like ${result.name}`;
  button.addEventListener("click", () => onOpen(result));

  const frame = element("span", "thumb");
  const image = document.createElement("img");
  // The name next to it says what the picture is; a screen reader need not hear it twice.
  image.alt = "";
  image.loading = "lazy";
  image.decoding = "async";
  image.addEventListener("error", () => frame.classList.add("broken"), { once: true });
  // The small JPEG: a 12 MP original is megabytes per card. An older API without thumbnails still works.
  image.src = imageSrc(result.thumbnailUrl ?? result.imageUrl);
  frame.append(image);

  const name = element("span", "result-name", result.name);
  const score = element("span", "result-score");
  score.append(element("span", "label", "Score "), formatScore(result.score));

  button.append(frame, name, score);
  if (result.duplicateOf) {
    const note = element("span", "duplicate-of", duplicateOfText(nameOf(result.duplicateOf)));
    note.dataset.of = result.duplicateOf;
    button.append(note);
  }
  const chips = metadataChips(result.metadata);
  if (chips) {
    button.append(chips);
  }
  button.append(element("span", "visually-hidden", ". Show more like this"));
  item.append(button, actions(result, { onLikeBut, onNotLike }));
  return item;
}

/**
 * Says `name` on the cards in `container` that are near-duplicates of image `id`: a card names its group's image by
 * id until the name is known, when that image was not among the results (hidden as the group's lesser match, or
 * filtered out).
 */
export function nameDuplicatesOf(container, id, name) {
  for (const note of container.querySelectorAll(".duplicate-of")) {
    if (note.dataset.of === id) {
      note.textContent = duplicateOfText(name);
    }
  }
}

function duplicateOfText(name) {
  return `Near-duplicate of ${name}`;
}

function actions(result, { onLikeBut, onNotLike }) {
  const row = element("div", "result-actions");
  const likeBut = actionButton("Like this, but…", `Like ${result.name}, but…`);
  likeBut.setAttribute("aria-expanded", "false");
  const form = butForm(result, onLikeBut);
  likeBut.setAttribute("aria-controls", form.id);
  likeBut.addEventListener("click", () => {
    const open = form.hidden;
    form.hidden = !open;
    likeBut.setAttribute("aria-expanded", String(open));
    if (open) {
      form.querySelector("input").focus();
    }
  });
  row.append(likeBut);
  if (onNotLike) {
    const notLike = actionButton("Not like this", `Not like ${result.name}`);
    notLike.addEventListener("click", () => onNotLike(result));
    row.append(notLike);
  }
  row.append(form);
  return row;
}

/** "Like this, but…": the words to add, searched with this image. */
function butForm(result, onLikeBut) {
  const form = element("form", "but-form");
  form.id = `but-${uniqueId()}`;
  form.hidden = true;
  const input = document.createElement("input");
  input.type = "text";
  input.id = `${form.id}-text`;
  input.maxLength = 1000;
  input.required = true;
  input.autocomplete = "off";
  input.placeholder = "e.g. red";
  const label = document.createElement("label");
  label.htmlFor = input.id;
  label.textContent = "…but";
  const submit = document.createElement("button");
  submit.type = "submit";
  submit.className = "small";
  submit.textContent = "Go";
  submit.setAttribute("aria-label", `Search like ${result.name}, but these words`);
  form.append(label, input, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text) {
      onLikeBut(result, text);
    }
  });
  return form;
}

function actionButton(text, label) {
  const button = element("button", "secondary small", text);
  button.type = "button";
  button.setAttribute("aria-label", label);
  return button;
}

let lastId = 0;

function uniqueId() {
  lastId += 1;
  return lastId;
}

/** Cosine similarity with three decimals: a percentage would suggest a probability it is not. */
export function formatScore(score) {
  return Number.isFinite(score) ? score.toFixed(3) : "–";
}

// The facets' margins (auto.colour.margin, ...) say how sure the zero-shot label is; they are for the API's callers
// and for filtering by hand, not something a shopper reads on every card.
function metadataChips(metadata) {
  const entries = Object.entries(metadata ?? {})
    .filter(([key, value]) => value !== "" && !(key.startsWith("auto.") && key.endsWith(".margin")));
  if (entries.length === 0) {
    return null;
  }

  const list = element("span", "chips");
  for (const [key, value] of entries.sort(([a], [b]) => a.localeCompare(b))) {
    const chip = element("span", "chip");
    chip.append(element("span", "chip-key", `${key}: `), value);
    list.append(chip);
  }
  return list;
}
