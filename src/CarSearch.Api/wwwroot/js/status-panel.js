// The ingest status panel: indexed, failed and pending counts and the failures with their reasons, refreshed on an
// interval while the page is visible (a hidden tab does not poll) and at once when it becomes visible again.
// Not a live region: counts changing every few seconds would drown out what the person is doing.

const DefaultIntervalMs = 15_000;

/**
 * @param {Record<string, HTMLElement>} elements
 * @param {{ ingestStatus: (signal?: AbortSignal) => Promise<import("./api.js").IngestStatus> }} api
 * @param {{ intervalMs?: number }} [options]
 */
export function startStatusPanel(elements, api, { intervalMs = DefaultIntervalMs } = {}) {
  let timer = 0;
  let inFlight = null;

  const schedule = () => {
    clearTimeout(timer);
    if (document.visibilityState === "visible") {
      timer = setTimeout(refresh, intervalMs);
    }
  };

  async function refresh() {
    clearTimeout(timer);
    inFlight?.abort();
    const request = new AbortController();
    inFlight = request;
    try {
      render(elements, await api.ingestStatus(request.signal));
    } catch (error) {
      if (error?.name === "AbortError") {
        return;
      }
      elements.note.textContent = `Status unavailable. ${error.message}`;
      elements.note.classList.add("problem");
    } finally {
      if (inFlight === request) {
        inFlight = null;
        schedule();
      }
    }
  }

  elements.refresh.addEventListener("click", refresh);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      refresh();
    } else {
      clearTimeout(timer);
    }
  });
  refresh();
}

function render(elements, status) {
  elements.indexed.textContent = count(status.indexed);
  elements.failed.textContent = count(status.failed);
  elements.pending.textContent = count(status.pending);

  const reindex = status.reindex;
  elements.reindex.hidden = !reindex?.running;
  if (reindex?.running) {
    elements.reindex.textContent = `Re-indexing: ${count(reindex.done)} of ${count(reindex.total)} done`
      + (reindex.failed ? `, ${count(reindex.failed)} failed.` : ".");
  }

  // Storage down: searches still work from the index, and uploads wait; say so rather than show stale counts as news.
  const storage = status.storage;
  const storageDown = storage?.state === "unreachable";
  elements.note.classList.toggle("problem", storageDown);
  // The server's last probe of storage is when the state was known; the page's own clock says when it asked.
  const checked = storage?.checkedAt ? ` (last checked ${clock(storage.checkedAt)})` : "";
  elements.note.textContent = storageDown
    ? `Image storage unreachable since ${clock(storage.since)}${checked}: search still works; new photos are indexed once it is back.`
    : `Updated ${new Date().toLocaleTimeString()}.`;
  elements.note.title = storage?.checkedAt ? `Storage last checked ${new Date(storage.checkedAt).toLocaleString()}.` : "";

  const failures = status.failures ?? [];
  elements.noFailures.hidden = failures.length > 0;
  elements.failures.replaceChildren(...failures.map(failureItem));
  if (status.failed > failures.length) {
    const more = document.createElement("li");
    more.className = "note";
    more.textContent = `…and ${count(status.failed - failures.length)} older ones.`;
    elements.failures.append(more);
  }
}

function failureItem(failure) {
  const item = document.createElement("li");
  const name = document.createElement("strong");
  name.className = "failure-name";
  name.textContent = failure.name;
  const reason = document.createElement("span");
  reason.className = "failure-reason";
  reason.textContent = failure.reason;
  const at = document.createElement("time");
  at.className = "failure-time";
  at.dateTime = failure.at;
  const when = new Date(failure.at);
  at.textContent = Number.isNaN(when.getTime()) ? failure.at : when.toLocaleString();
  item.append(name, reason, at);
  return item;
}

function clock(iso) {
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? "a moment ago" : when.toLocaleTimeString();
}

function count(value) {
  return Number.isFinite(value) ? value.toLocaleString() : "–";
}
