import type { Plugin } from 'graphql-yoga';
import { reportedFieldErrors } from '../schema/field-errors.js';

/**
 * Appends the errors resolvers reported without failing their field (`reportFieldError`) to the
 * result of a query or mutation, on every transport.
 */
export function useReportedFieldErrors(): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const errors = reportedFieldErrors(args.contextValue as object);
          if (errors.length === 0 || Symbol.asyncIterator in result) return;
          setResult({ ...result, errors: [...(result.errors ?? []), ...errors] });
        },
      };
    },
  };
}
