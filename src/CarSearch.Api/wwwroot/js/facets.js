// Facet chips: when a search answer carries `facets` ({"auto.colour": {"red": 12, ...}, ...}), each field's values
// with how many of the results on screen have each (the API counts per page; the page adds up the pages shown), as
// toggle buttons. Pressing one filters the search on it (`auto.colour=red` in the address);
// pressing the one in force removes that filter. An answer without facets hides the panel.

import { element } from "./dom.js";

/**
 * @param {HTMLElement} panel the facets' section (hidden when there are none)
 * @param {HTMLElement} groups where each field's group goes
 * @param {Record<string, Record<string, number>> | undefined} facets
 * @param {{ valueOf: (field: string) => string, onToggle: (field: string, value: string) => void }} handlers
 *   valueOf: the value the search filters `field` on, or ""
 */
export function renderFacets(panel, groups, facets, { valueOf, onToggle }) {
  const fields = Object.entries(facets ?? {})
    .map(([field, counts]) => [field, Object.entries(counts ?? {}).filter(([value, count]) => value && count > 0)])
    .filter(([, counts]) => counts.length > 0);
  panel.hidden = fields.length === 0;
  groups.replaceChildren(...fields.map(([field, counts]) => {
    const group = element("div", "facet-group");
    group.setAttribute("role", "group");
    const title = element("span", "facet-title", labelOf(field));
    title.id = `facet-${field.replace(/[^A-Za-z0-9_-]/g, "-")}`;
    group.setAttribute("aria-labelledby", title.id);
    group.append(title);
    const active = valueOf(field);
    for (const [value, count] of counts.sort(([a, x], [b, y]) => y - x || a.localeCompare(b))) {
      const pressed = active.toLowerCase() === value.toLowerCase();
      const button = element("button", "facet");
      button.type = "button";
      button.dataset.field = field;
      button.dataset.value = value;
      button.setAttribute("aria-pressed", String(pressed));
      button.append(value, " ", element("span", "facet-count", String(count)));
      button.setAttribute("aria-label", `${labelOf(field)}: ${value}, ${count} ${count === 1 ? "image" : "images"}`);
      button.addEventListener("click", () => onToggle(field, pressed ? "" : value));
      group.append(button);
    }
    return group;
  }));
}

/** "auto.colour" reads as "Colour": the prefix says who set it, not what it is. */
function labelOf(field) {
  const name = field.replace(/^auto\./i, "");
  return name.charAt(0).toUpperCase() + name.slice(1);
}
