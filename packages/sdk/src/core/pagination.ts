import { APIPromise, type APIResponse } from './api-promise.js';
import { KepuError } from './errors.js';

/** What every list endpoint answers: one page of items and the cursor of the next page (null on the last). */
export interface PageResponse<Item> {
  data: Item[];
  nextCursor: string | null;
}

/** Fetches the page that starts at `cursor` (undefined: the first page). */
export type PageFetcher<Item> = (cursor: string | undefined) => Promise<PageResponse<Item>>;

/**
 * One page of a list, with the way to the next. Iterating it yields every item from this page to the last.
 * @example let page = await kepu.events.list(); while (page.hasNextPage()) page = await page.getNextPage();
 */
export class CursorPage<Item> implements PageResponse<Item>, AsyncIterable<Item> {
  readonly data: Item[];
  readonly nextCursor: string | null;
  readonly #fetchPage: PageFetcher<Item>;
  readonly #requestId: string | undefined;

  constructor(body: PageResponse<Item>, fetchPage: PageFetcher<Item>) {
    this.data = body.data;
    this.nextCursor = body.nextCursor;
    this.#fetchPage = fetchPage;
    this.#requestId = (body as { _request_id?: string | undefined })._request_id;
  }

  /** The `X-Request-Id` of the request that fetched this page. */
  get _request_id(): string | undefined {
    return this.#requestId;
  }

  hasNextPage(): boolean {
    return this.nextCursor !== null;
  }

  async getNextPage(): Promise<CursorPage<Item>> {
    if (this.nextCursor === null) {
      throw new KepuError('This is the last page; check `hasNextPage()` before calling `getNextPage()`.');
    }
    return new CursorPage(await this.#fetchPage(this.nextCursor), this.#fetchPage);
  }

  /** This page and every page after it, fetched one at a time as you iterate. */
  async *iterPages(): AsyncGenerator<CursorPage<Item>, void, undefined> {
    let page: CursorPage<Item> = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.iterPages()) yield* page.data;
  }
}

/**
 * What a list call returns: await it for the first page, or iterate it for every item of every page. The first page is
 * requested when you first await or iterate it, and only once.
 * @example for await (const event of kepu.events.list({ limit: 50 })) console.log(event.title)
 * @example const { data, nextCursor } = await kepu.events.list()
 */
export class PagePromise<Item> implements PromiseLike<CursorPage<Item>>, AsyncIterable<Item> {
  readonly #fetchPage: PageFetcher<Item>;
  #first: Promise<APIResponse<CursorPage<Item>> | { data: CursorPage<Item>; response?: undefined }> | undefined;

  constructor(fetchPage: PageFetcher<Item>) {
    this.#fetchPage = fetchPage;
  }

  #load() {
    this.#first ??= (async () => {
      const pending = this.#fetchPage(undefined);
      // The client's fetcher answers with the response too; a fetcher of your own may not.
      const first = pending instanceof APIPromise ? await pending.withResponse() : { data: await pending };
      return { ...first, data: new CursorPage(first.data, this.#fetchPage) };
    })();
    return this.#first;
  }

  #firstPage(): Promise<CursorPage<Item>> {
    return this.#load().then((first) => first.data);
  }

  /**
   * The first page with the raw `Response` and its request id.
   * @example const { data: page, response } = await kepu.events.list().withResponse()
   */
  async withResponse(): Promise<APIResponse<CursorPage<Item>>> {
    const first = await this.#load();
    if (!first.response) throw new KepuError('This page was not fetched over HTTP by the client: it has no response.');
    return first;
  }

  // biome-ignore lint/suspicious/noThenProperty: a PagePromise is awaitable on purpose, like openai-node's.
  then<R1 = CursorPage<Item>, R2 = never>(
    onfulfilled?: ((page: CursorPage<Item>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<CursorPage<Item> | R> {
    return this.#firstPage().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<CursorPage<Item>> {
    return this.#firstPage().finally(onfinally);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    yield* await this.#firstPage();
  }
}
