import type { Kepu } from '../client.js';

/** A group of API methods sharing the client's transport. */
export abstract class APIResource {
  protected readonly client: Kepu;
  constructor(client: Kepu) {
    this.client = client;
  }
}
