import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  getOperationAST,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The header that carries FEDERATION_SDL_SECRET from the gateway. */
export const SDL_SECRET_HEADER = 'x-federation-sdl-secret';

/** Whether the operation to run selects `_service` at its root, directly or through fragments. */
function selectsService(document: DocumentNode, operationName: string | null | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'query') return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const visited = new Set<string>();
  const search = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === '_service';
      if (selection.kind === Kind.INLINE_FRAGMENT) return search(selection.selectionSet);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visited.has(name)) return false;
      visited.add(name);
      return search(fragment.selectionSet);
    });
  return search(operation.selectionSet);
}

function matches(presented: string | string[] | undefined, secret: string): boolean {
  if (typeof presented !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(secret));
}

/**
 * Keeps the subgraph SDL (`_service { sdl }`: the whole schema, descriptions included) for the
 * gateway: an operation selecting it runs only with `secret` in the `x-federation-sdl-secret`
 * header, and is refused with FORBIDDEN before anything runs otherwise. Applies over HTTP and
 * SSE, and over graphql-ws (the upgrade request's headers).
 */
export function useSdlSecret(secret: string): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (!selectsService(args.document, args.operationName)) return;
      const req = (args.contextValue as { req?: IncomingMessage }).req;
      if (matches(req?.headers[SDL_SECRET_HEADER], secret)) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError('The subgraph schema is served to the gateway only.', {
            extensions: { code: 'FORBIDDEN' },
          }),
        ],
      });
    },
  };
}
