// One search result as a grid item: a single button (thumbnail, name, score, metadata) that opens "more like this".
// A button, not a link, because it changes what the page shows rather than going somewhere; Enter and Space work
// as they do on any button.

/**
 * @param {import("./api.js").SearchResult} result
 * @param {{ imageSrc: (href: string) => string, onOpen: (result: import("./api.js").SearchResult) => void }} options
 * @returns {HTMLLIElement}
 */
export function createResultCard(result, { imageSrc, onOpen }) {
  const item = document.createElement("li");
  item.className = "result";

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
  const chips = metadataChips(result.metadata);
  if (chips) {
    button.append(chips);
  }
  button.append(element("span", "visually-hidden", ". Show more like this"));
  item.append(button);
  return item;
}

/** Cosine similarity with three decimals: a percentage would suggest a probability it is not. */
export function formatScore(score) {
  return Number.isFinite(score) ? score.toFixed(3) : "–";
}

function metadataChips(metadata) {
  const entries = Object.entries(metadata ?? {}).filter(([, value]) => value !== "");
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

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}
