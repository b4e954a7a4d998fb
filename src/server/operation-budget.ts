import {
  type ASTNode,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  getNullableType,
  isListType,
  Kind,
  visit,
} from 'graphql';
import { type ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../domain/errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../domain/pagination.js';

/** What one operation may cost and return, whatever the transport. */
export type OperationBudget = {
  /**
   * Largest cost of an operation (see `measureOperation`), computed with its real argument values,
   * variables included, before anything runs. Default 50,000.
   */
  maxCost: number;
  /** Largest number of `_entities` representations in one operation. Default 500. */
  maxEntityReferences: number;
  /**
   * Largest response, in bytes of JSON (measured on the result before it is serialized); a
   * larger one is replaced by a RESPONSE_TOO_LARGE error. Default 8 MiB.
   */
  maxResponseBytes: number;
};

/**
 * Selections the cost walk evaluates at most (each fragment spread evaluates its fragment
 * again); past it the operation is refused as too costly.
 */
const MAX_EVALUATED_SELECTIONS = 10_000;

/**
 * Fields that cost more than one: those whose value can be large. A message body is up to
 * 4,000 characters, where most fields are an id or a date.
 */
const FIELD_WEIGHTS: Record<string, number> = { 'Message.body': 10 };

function pageSizeOf(args: Record<string, unknown>): number {
  const requested = [args.first, args.last].find((value) => typeof value === 'number');
  if (requested === undefined) return DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(requested as number, 0), MAX_PAGE_SIZE);
}

/** How many times a field's selection is resolved, from its arguments and its type. */
function multiplierOf(
  parent: GraphQLCompositeType,
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
): number {
  if (field.name === '_entities') {
    return Array.isArray(args.representations) ? args.representations.length : 1;
  }
  if (field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) {
    return pageSizeOf(args);
  }
  if (!isListType(getNullableType(field.type))) return 1;
  // A connection's `edges` hold the page its parent field already counted.
  return parent.name.endsWith('Connection') ? 1 : DEFAULT_PAGE_SIZE;
}

/**
 * Charla's cost of a field: 1 (or its weight in FIELD_WEIGHTS), plus its selection's cost times
 * the number of items the field can return: `first`/`last` as given (default 20, at most 100),
 * `_entities` one per representation. Introspection costs nothing (GraphiQL's schema query).
 */
function fieldCost({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  if (field.name.startsWith('__')) return 0;
  const own = FIELD_WEIGHTS[`${type.name}.${field.name}`] ?? 1;
  return own + multiplierOf(type, field, args) * childComplexity;
}

/** What an operation asks for, measured with its variables before it runs. */
export type OperationMeasure = {
  cost: number;
  /** `_entities` representations, literal or in variables. */
  entityReferences: number;
};

/**
 * Measures an operation with its variables, in one walk of its document; undefined when the
 * variables do not fit the operation (execution then reports that as usual).
 */
export function measureOperation(args: ExecutionArgs): OperationMeasure | undefined {
  let entityReferences = 0;
  try {
    const cost = getComplexity({
      schema: args.schema,
      query: args.document,
      variables: (args.variableValues ?? {}) as Record<string, unknown>,
      operationName: args.operationName ?? undefined,
      maxQueryNodes: MAX_EVALUATED_SELECTIONS,
      estimators: [
        (estimate) => {
          const { representations } = estimate.args;
          if (estimate.field.name === '_entities' && Array.isArray(representations)) {
            entityReferences += representations.length;
          }
          return fieldCost(estimate);
        },
      ],
    });
    return { cost, entityReferences };
  } catch (error) {
    // Variables that do not fit: execution reports them as usual (BAD_USER_INPUT).
    if (error instanceof GraphQLError && error.message.startsWith('Variable "$')) return undefined;
    // Anything else is the walk giving up: more than MAX_EVALUATED_SELECTIONS (fragments spread
    // inside fragments multiply). Never let that through unmeasured.
    return { cost: Number.POSITIVE_INFINITY, entityReferences };
  }
}

/** Arguments whose value changes an operation's cost. */
const COST_ARGUMENTS = new Set(['first', 'last', 'representations']);

/**
 * The variables that can change the document's cost: those used in a counted argument or in a
 * directive (`@include(if: $x)` adds or removes a selection). A post's `$roomId` and `$body`
 * cannot; a history page's `$first` can.
 */
function costVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: ASTNode): void => {
    visit(node, {
      Variable(variable) {
        names.add(variable.name.value);
      },
    });
  };
  visit(document, {
    // Every argument of a directive: `parent` of an Argument is its list, never the directive,
    // so directives are visited themselves.
    Directive: collect,
    Argument(node) {
      if (COST_ARGUMENTS.has(node.name.value)) collect(node.value);
    },
  });
  return [...names];
}

/** Distinct sets of cost variables remembered per document (`first` from 1 to 100, say). */
const MAX_MEASURES_PER_DOCUMENT = 128;

type RememberedMeasures = { variables: string[]; byKey: Map<string, OperationMeasure> };
const measuresByDocument = new WeakMap<DocumentNode, RememberedMeasures>();

/**
 * `measureOperation`, remembered per document, operation and values of the variables that can
 * change the cost: the walk costs about 100 µs, a lookup about 3. List values (entity
 * representations) are measured every time.
 */
function measureOnce(args: ExecutionArgs): OperationMeasure | undefined {
  let remembered = measuresByDocument.get(args.document);
  if (!remembered) {
    remembered = { variables: costVariablesOf(args.document), byKey: new Map() };
    measuresByDocument.set(args.document, remembered);
  }
  const values = remembered.variables.map((name) => args.variableValues?.[name]);
  if (values.some((value) => typeof value === 'object' && value !== null)) {
    return measureOperation(args);
  }
  // The operation by its place in the document ("" without a name; -1 for any name it does
  // not hold), never the name itself: a client-sent name, up to the document's length, kept in
  // every key would hold far more heap than the document cache charges for it.
  const operation = args.operationName
    ? args.document.definitions.findIndex(
        (definition) =>
          definition.kind === Kind.OPERATION_DEFINITION &&
          definition.name?.value === args.operationName,
      )
    : '';
  // A variable left out (its default applies) is not an explicit null (the field's default).
  const key = `${operation} ${values.map((value) => (value === undefined ? '' : JSON.stringify(value))).join(',')}`;
  const known = remembered.byKey.get(key);
  if (known) return known;
  const measure = measureOperation(args);
  // Not remembered when these variables did not fit: the next ones may, and must be measured.
  if (measure && remembered.byKey.size < MAX_MEASURES_PER_DOCUMENT) {
    remembered.byKey.set(key, measure);
  }
  return measure;
}

/** Why an operation is refused before it runs, or undefined when it fits the budget. */
function refusalOf(args: ExecutionArgs, budget: OperationBudget): GraphQLError | undefined {
  const measure = measureOnce(args);
  if (!measure) return undefined;
  const { cost, entityReferences } = measure;
  if (entityReferences > budget.maxEntityReferences) {
    return new GraphQLError(
      `At most ${budget.maxEntityReferences} entity references per operation (got ${entityReferences}).`,
      { extensions: { code: 'BAD_USER_INPUT', field: 'representations' } },
    );
  }
  if (cost > budget.maxCost) {
    const measured = Number.isFinite(cost);
    return new GraphQLError(
      measured
        ? `The operation costs ${cost}, over the limit of ${budget.maxCost}: ask for smaller pages (first/last) or fewer nested lists.`
        : `The operation selects more than ${MAX_EVALUATED_SELECTIONS} fields once its fragments are spread.`,
      {
        extensions: {
          code: 'OPERATION_TOO_COSTLY' satisfies ErrorCode,
          ...(measured && { cost }),
          maxCost: budget.maxCost,
        },
      },
    );
  }
  return undefined;
}

/** A string's JSON size can be no more than 6 bytes per UTF-16 unit (`\u001f`), plus quotes. */
const atMost = (text: string) => text.length * 6 + 2;
/** A string's JSON size as UTF-8, escapes aside, plus quotes. */
const utf8 = (text: string) => Buffer.byteLength(text) + 2;

/**
 * The JSON size of `value` in bytes, with each string measured by `measure`, counted until it
 * passes `limit` (then any larger number is returned): a walk that allocates nothing, cheaper
 * than serializing.
 */
function jsonBytesUpTo(value: unknown, limit: number, measure: (text: string) => number): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= limit) {
    const item = stack.pop();
    if (typeof item === 'string') {
      total += measure(item);
    } else if (item === null || item === undefined || typeof item !== 'object') {
      total += 6;
    } else if (Array.isArray(item)) {
      total += 2 + item.length;
      for (const element of item) stack.push(element);
    } else {
      total += 2;
      for (const key in item) {
        total += key.length + 4;
        stack.push((item as Record<string, unknown>)[key]);
      }
    }
  }
  return total;
}

function bounded(result: ExecutionResult, maxBytes: number): ExecutionResult | undefined {
  // Nearly every result is far below the bound even counted at 6 bytes a character; only those
  // that are not are measured exactly (Buffer.byteLength is most of the walk's cost).
  if (jsonBytesUpTo(result, maxBytes, atMost) <= maxBytes) return undefined;
  if (jsonBytesUpTo(result, maxBytes, utf8) <= maxBytes) return undefined;
  return {
    errors: [
      new GraphQLError(
        `The response would be larger than ${maxBytes} bytes: ask for smaller pages or fewer fields.`,
        { extensions: { code: 'RESPONSE_TOO_LARGE' satisfies ErrorCode, maxBytes } },
      ),
    ],
  };
}

/**
 * Bounds what one operation may cost before it runs, and what it may return, on every
 * transport (Yoga runs it for HTTP and SSE; graphql-ws through `yoga.getEnveloped`).
 *
 * Over budget, an operation is answered with OPERATION_TOO_COSTLY (`extensions.cost`,
 * `extensions.maxCost`) and no resolver runs; a result (or subscription event) larger than
 * `maxResponseBytes` is replaced by RESPONSE_TOO_LARGE before it is serialized.
 */
export function useOperationBudget(budget: OperationBudget): Plugin {
  const limitResults = (payload: Parameters<typeof handleStreamOrSingleExecutionResult>[0]) =>
    handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
      const replacement = bounded(result, budget.maxResponseBytes);
      if (replacement) setResult(replacement);
    });
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refusal = refusalOf(args, budget);
      if (refusal) {
        setResultAndStopExecution({ errors: [refusal] });
        return undefined;
      }
      return { onExecuteDone: limitResults };
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = refusalOf(args, budget);
      if (refusal) {
        setResultAndStopExecution({ errors: [refusal] });
        return undefined;
      }
      return { onSubscribeResult: limitResults };
    },
  };
}
