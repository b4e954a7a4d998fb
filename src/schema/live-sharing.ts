import {
  type DocumentNode,
  execute,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
  Kind,
  print,
  type SelectionSetNode,
  visit,
} from 'graphql';
import type { LiveItem } from '../delivery/live-queue.js';
import type { DirectSend } from '../delivery/message-stream.js';
import { viewOf } from '../delivery/message-stream.js';
import type { MessageView, StoredMessage } from '../domain/message-views.js';
import type { Viewer } from '../domain/viewer.js';
import type { StreamChange } from '../events/event-bus.js';
import type { GraphQLContext } from './context.js';

/**
 * Live messages are rendered once per event and shared by every subscriber who would see the
 * same bytes, instead of running the subscription document once per subscriber per event (what
 * the usual graphql-ws stack does, and most of its cost).
 *
 * Sharing is only safe for fields whose value, for a live message, is the same for every viewer
 * who may receive it, and which resolve without I/O (the render must be synchronous so that a
 * shared frame never overtakes one still being rendered). The fields below are those. A field
 * whose value depends on the viewer in a known way names its viewer class: subscribers of the
 * same class share a render. A document that selects anything else runs the usual way, per
 * subscriber, with the same result. Listing a field here is a promise about its resolver: check
 * it when the resolver changes.
 */
type ViewerClass = (message: StoredMessage, viewer: Viewer) => string;

const SHARED = 'shared' as const;

const LIVE_FIELDS: Record<string, Record<string, typeof SHARED | ViewerClass>> = {
  Message: {
    id: SHARED,
    body: SHARED,
    // Live changes carry their author (see StreamChange.author): no loader involved.
    author: SHARED,
    createdAt: SHARED,
    editedAt: SHARED,
    deletedAt: SHARED,
    cursor: SHARED,
    // Shown to the author only.
    clientMessageId: (message, viewer) => (message.authorId === viewer.userId ? 'author' : ''),
  },
  User: { id: SHARED, nickname: SHARED, createdAt: SHARED },
};

/** How subscribers of one operation are grouped: same key, same bytes. */
type SharingPlan = {
  /** The document, operation and the values of the variables its selection uses. */
  key: string;
  classes: ViewerClass[];
};

/** The fields LIVE_FIELDS names that the schema does not have (a test keeps this empty). */
export function unknownLiveFields(schema: GraphQLSchema): string[] {
  return Object.entries(LIVE_FIELDS).flatMap(([typeName, fields]) => {
    const type = schema.getType(typeName);
    const known = isObjectType(type) ? type.getFields() : {};
    return Object.keys(fields)
      .filter((field) => !(field in known))
      .map((field) => `${typeName}.${field}`);
  });
}

/**
 * The viewer classes the selection depends on, or null when it selects a field that cannot be
 * shared (or an abstract type, whose fields depend on the runtime type).
 */
function classesOf(
  info: GraphQLResolveInfo,
  selectionSet: SelectionSetNode,
  type: GraphQLObjectType,
  classes: ViewerClass[],
  seenFragments: Set<string>,
): ViewerClass[] | null {
  const allowed = LIVE_FIELDS[type.name];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__typename') continue;
      const rule = allowed?.[selection.name.value];
      if (!rule) return null;
      if (rule !== SHARED && !classes.includes(rule)) classes.push(rule);
      if (selection.selectionSet) {
        const fieldType = getNamedType(type.getFields()[selection.name.value]?.type);
        if (!isObjectType(fieldType)) return null;
        if (!classesOf(info, selection.selectionSet, fieldType, classes, seenFragments))
          return null;
      }
      continue;
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection
        : seenFragments.has(selection.name.value)
          ? undefined
          : info.fragments[selection.name.value];
    if (selection.kind === Kind.FRAGMENT_SPREAD) seenFragments.add(selection.name.value);
    if (!fragment) continue;
    const condition = fragment.typeCondition?.name.value;
    if (condition && condition !== type.name) return null;
    if (!classesOf(info, fragment.selectionSet, type, classes, seenFragments)) return null;
  }
  return classes;
}

/** Names of the variables a selection (with its fragments) refers to. */
function variablesUsed(info: GraphQLResolveInfo, selectionSet: SelectionSetNode): string[] {
  const names = new Set<string>();
  const nodes = [selectionSet, ...Object.values(info.fragments)];
  for (const node of nodes) {
    visit(node, {
      Variable: (variable) => {
        names.add(variable.name.value);
      },
    });
  }
  return [...names].sort();
}

/** What a parsed document allows, computed once per document (Yoga's parser cache shares it). */
type SharingShape = {
  /** The printed operation with its fragments. */
  document: string;
  /** The variables its selection uses: their values are part of the group key. */
  variables: string[];
  classes: ViewerClass[];
};

const shapes = new WeakMap<FieldNode, SharingShape | null>();

function sharingPlan(info: GraphQLResolveInfo): SharingPlan | null {
  const field = info.fieldNodes[0];
  if (!field || info.fieldNodes.length !== 1 || !field.selectionSet) return null;
  let shape = shapes.get(field);
  if (shape === undefined) {
    const type = getNamedType(info.returnType);
    const classes = isObjectType(type)
      ? classesOf(info, field.selectionSet, type, [], new Set())
      : null;
    shape = classes && {
      document: print(documentOf(info)),
      variables: variablesUsed(info, field.selectionSet),
      classes,
    };
    shapes.set(field, shape);
  }
  if (!shape) return null;
  const values = shape.variables.map((name) => JSON.stringify(info.variableValues[name] ?? null));
  return { key: `${shape.document}\u0000${values.join(',')}`, classes: shape.classes };
}

/** Renders per live change and group key; null when the render cannot be shared. */
const renders = new WeakMap<StreamChange, Map<string, string | null>>();

function documentOf(info: GraphQLResolveInfo): DocumentNode {
  return {
    kind: Kind.DOCUMENT,
    definitions: [info.operation, ...Object.values(info.fragments)],
  };
}

/**
 * For a subscription on a connection that can take pre-serialized frames (graphql-ws), a
 * `DirectSend` that renders each live change once per group of subscribers with the same
 * document, variables and viewer class, and writes the shared JSON into this subscriber's frame.
 * Undefined when the document cannot be shared or the connection cannot take frames: the
 * subscription then runs per subscriber, as usual.
 */
export function sharedLiveRender(
  context: GraphQLContext,
  info: GraphQLResolveInfo,
): DirectSend | undefined {
  const { connection, operationId, viewer } = context;
  const sendNext = operationId === undefined ? undefined : connection.sendNextFor?.(operationId);
  if (!sendNext || !viewer) return undefined;
  const plan = sharingPlan(info);
  if (!plan) return undefined;
  const document = documentOf(info);
  const variableValues = info.variableValues;
  return (change) => {
    // Runs once per subscriber per live change: no allocation unless this group renders.
    const key =
      plan.classes.length === 0
        ? plan.key
        : `${plan.key}\u0000${plan.classes.map((of) => of(change.message, viewer)).join(',')}`;
    let byKey = renders.get(change);
    if (!byKey) {
      byKey = new Map();
      renders.set(change, byKey);
    }
    let payload = byKey.get(key);
    if (payload === undefined) {
      payload = render(info.schema, document, variableValues, context, viewOf(change));
      byKey.set(key, payload);
      if (payload !== null) context.countLiveRender?.();
    }
    return payload !== null && sendNext(payload);
  };
}

/** The `next` payload as JSON, or null when it would need I/O or carries errors. */
function render(
  schema: GraphQLSchema,
  document: DocumentNode,
  variableValues: Record<string, unknown>,
  contextValue: GraphQLContext,
  message: MessageView,
): string | null {
  const result = execute({
    schema,
    document,
    variableValues,
    contextValue,
    // What the subscription's source yields; its root field resolver unwraps it.
    rootValue: { value: message } satisfies LiveItem<MessageView>,
  });
  if ('then' in result) {
    result.then(
      () => {},
      () => {},
    );
    return null;
  }
  // Errors take the usual path, where Yoga masks them.
  if (result.errors) return null;
  return JSON.stringify(result);
}
