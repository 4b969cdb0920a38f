// The CarSearch HTTP API as the page uses it. Every failure becomes an ApiError whose text a person can read:
// the problem+json title and detail the API answers with, or a plain sentence for network and other failures.

/** An API call that failed, worded for the person using the page. */
export class ApiError extends Error {
  /**
   * @param {string} title short name of the problem
   * @param {string} detail what went wrong and, where possible, what to do
   * @param {number} status the HTTP status; 0 when the server was not reached
   */
  constructor(title, detail, status) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = "ApiError";
    this.title = title;
    this.detail = detail;
    this.status = status;
  }
}

/**
 * A client for the API at `baseUrl`. A Functions deployment may require a function key on the search routes: the
 * page passes on the `code` it was opened with (`/?code=KEY`) as the `code` query parameter of every call, image
 * links included (an <img> cannot send a header), which both hosts accept and never treat as a filter.
 * @param {{ baseUrl: URL, code: string | null }} options
 */
export function createApi({ baseUrl, code }) {
  const url = (path, params = {}) => {
    const target = new URL(path, baseUrl);
    for (const [name, value] of Object.entries(params)) {
      for (const one of Array.isArray(value) ? value : [value]) {
        if (one !== undefined && one !== null && one !== "") {
          target.searchParams.append(name, String(one));
        }
      }
    }
    if (code) {
      target.searchParams.set("code", code);
    }
    return target;
  };

  return {
    /**
     * A search the page composed (see search-query.js `apiRequest`): GET /api/search with its parameters, or POST
     * /api/search with its composed body.
     * @param {{ method: "GET", params: object } | { method: "POST", body: object }} request
     * @returns {Promise<SearchPage>}
     */
    search: (request, signal) => request.method === "GET"
      ? call(url("search", request.params), { signal })
      : call(url("search"), {
        method: "POST",
        body: JSON.stringify(request.body),
        headers: { "Content-Type": "application/json" },
        signal,
      }),

    /** Sends the photo as the raw request body. @returns {Promise<SearchPage>} */
    searchImage: (file, params, signal) => call(url("search/image", params), {
      method: "POST",
      body: file,
      headers: { "Content-Type": file.type || "application/octet-stream" },
      signal,
    }),

    /** What unrelated queries score on this collection, and the cut-off that follows. @returns {Promise<ScoreStats>} */
    scoreStats: (signal) => call(url("stats/scores"), { signal }),

    /** An indexed image's name, metadata and links. @returns {Promise<{ id: string, name: string }>} */
    image: (id, signal) => call(url(`images/${encodeURIComponent(id)}`), { signal }),

    /** The thumbnail of an indexed image, for images known only by id (an image term from the page's address). */
    thumbnailOf: (id) => url(`images/${encodeURIComponent(id)}/thumbnail`).href,

    /** @returns {Promise<IngestStatus>} */
    ingestStatus: (signal) => call(url("ingest/status"), { signal }),

    /** An image link the API handed out, with the function key when the page has one. */
    link: (href) => {
      const target = new URL(href, baseUrl);
      if (code) {
        target.searchParams.set("code", code);
      }
      return target.href;
    },
  };
}

async function call(target, init) {
  let response;
  try {
    response = await fetch(target, { ...init, headers: { Accept: "application/json", ...init.headers } });
  } catch (error) {
    if (error?.name === "AbortError") {
      throw error;
    }
    throw new ApiError("CarSearch cannot be reached", "Check your connection, or whether the app is running, and try again.", 0);
  }

  if (!response.ok) {
    throw await errorOf(response);
  }

  try {
    return await response.json();
  } catch {
    throw new ApiError("Unreadable answer", "The server's answer could not be read. Try again.", response.status);
  }
}

/** The problem+json title and detail when the API sent them; a sentence about the status otherwise. */
async function errorOf(response) {
  const type = response.headers.get("Content-Type") ?? "";
  if (type.includes("json")) {
    try {
      const problem = await response.json();
      const title = text(problem?.title);
      const detail = text(problem?.detail);
      if (title || detail) {
        return new ApiError(title || statusTitle(response), detail, response.status);
      }
    } catch {
      // Not JSON after all: fall through to the status.
    }
  }

  if (response.status === 401 || response.status === 403) {
    return new ApiError("Access refused", "This app needs a key: open the page with ?code=YOUR_FUNCTION_KEY at the end of its address.", response.status);
  }
  return new ApiError(statusTitle(response), "The server could not answer. Try again in a moment.", response.status);
}

function statusTitle(response) {
  return `Error ${response.status}${response.statusText ? ` (${response.statusText})` : ""}`;
}

function text(value) {
  return typeof value === "string" ? value.trim() : "";
}

/**
 * @typedef {{ id: string, name: string, score: number, imageUrl: string, thumbnailUrl?: string, metadata: Record<string, string>,
 *   duplicateOf?: string | null }} SearchResult
 *   `duplicateOf`: the id of the result this one nearly duplicates (searches that do not collapse near-duplicates)
 * @typedef {{ results: SearchResult[], continuationToken: string | null, facets?: Record<string, Record<string, number>> }} SearchPage
 *   `facets`: per filterable field (`auto.colour`), how many of this page's results have each value
 * @typedef {{ suggestedMinScore: number }} ScoreStats
 * @typedef {{ name: string, reason: string, at: string, kind: "Rejected" | "GaveUp" }} IngestFailure
 * @typedef {{ running: boolean, total: number, done: number, failed: number }} ReindexProgress
 * @typedef {{ state: "ok" | "unreachable" | "unknown", since: string | null, problem: string | null,
 *   checkedAt: string | null }} StorageStatus
 * @typedef {{ indexed: number, failed: number, pending: number | null, failures: IngestFailure[], reindex: ReindexProgress | null,
 *   scannedAt: string | null, storage: StorageStatus | null }} IngestStatus
 */
