import { createContext, useContext } from 'react';
import type { ValidationIssue } from '@contract';
import { builderStore } from '../builderStore';
import { fieldDomId, messagesAt } from '../fieldIssues';

export interface FieldIssues {
  issues: readonly ValidationIssue[];
  touched: Readonly<Record<string, true>>;
  showAll: boolean;
}

export const FieldIssuesContext = createContext<FieldIssues>({ issues: [], touched: {}, showAll: false });

export interface FieldBinding {
  id: string;
  /** Messages to show now: after the field was left once, or after "show all problems". */
  messages: string[];
  invalid: boolean;
  describedBy: string;
  onBlur(): void;
}

/** Wires one control to its path in the schema: id, aria attributes, blur validation, messages. */
export function useField(path: string): FieldBinding {
  const { issues, touched, showAll } = useContext(FieldIssuesContext);
  const id = fieldDomId(path);
  const messages = touched[path] || showAll ? messagesAt(issues, path) : [];
  return {
    id,
    messages,
    invalid: messages.length > 0,
    describedBy: `${id}-help`,
    onBlur: () => builderStore.getState().touch(path),
  };
}
