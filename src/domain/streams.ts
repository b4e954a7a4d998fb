/** A point in a stream: "everything after it" is what history pages and subscriptions resume. */
export type StreamPosition = { streamId: number; position: number };
