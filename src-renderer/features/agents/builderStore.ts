import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoredAgent } from '@contract';
import { draftFromDefinition, newDraft, type AgentDraft } from './agentDraft';
import { slugify } from './slug';

export type BuilderTab = 'settings' | 'history' | 'audit';

export type AgentsView =
  | { kind: 'list' }
  | { kind: 'builder'; mode: 'create' }
  | { kind: 'builder'; mode: 'edit'; agentId: string; tab: BuilderTab };

export interface BuilderState {
  view: AgentsView;
  draft: AgentDraft;
  /** The draft as opened or last saved: the unsaved-changes guard compares against it. */
  initial: AgentDraft;
  /** Fields the user has left (blur): only these show their errors until `showAll`. */
  touched: Readonly<Record<string, true>>;
  showAll: boolean;
  openCreate(defaultModel: string): void;
  /** A new agent opened before any model was known gets the first installed one, unless the user chose. */
  adoptDefaultModel(model: string): void;
  openEdit(agent: StoredAgent, tab?: BuilderTab): void;
  setTab(tab: BuilderTab): void;
  close(): void;
  change(update: (draft: AgentDraft) => AgentDraft): void;
  touch(path: string): void;
  revealAll(): void;
  /** After a save or restore: the stored agent becomes the new baseline and the builder switches to edit. */
  loaded(agent: StoredAgent, tab?: BuilderTab): void;
}

/**
 * The agents screen's view and the builder's draft. A module-level store on purpose: leaving the screen
 * through the sidebar and coming back keeps an unsaved draft instead of losing it.
 */
export function createBuilderStore() {
  return createStore<BuilderState>()((set, get) => ({
    view: { kind: 'list' },
    draft: newDraft(),
    initial: newDraft(),
    touched: {},
    showAll: false,

    openCreate(defaultModel) {
      const draft = newDraft(defaultModel);
      set({ view: { kind: 'builder', mode: 'create' }, draft, initial: draft, touched: {}, showAll: false });
    },

    adoptDefaultModel(model) {
      const { view, draft, initial } = get();
      if (view.kind !== 'builder' || view.mode !== 'create') return;
      if (draft.preferredModel !== '' || initial.preferredModel !== '') return;
      set({ draft: { ...draft, preferredModel: model }, initial: { ...initial, preferredModel: model } });
    },

    openEdit(agent, tab = 'settings') {
      get().loaded(agent, tab);
    },

    setTab(tab) {
      const { view } = get();
      if (view.kind === 'builder' && view.mode === 'edit') set({ view: { ...view, tab } });
    },

    close() {
      set({ view: { kind: 'list' }, touched: {}, showAll: false });
    },

    change(update) {
      const before = get().draft;
      let draft = update(before);
      // On create the id follows the name until the user types an id of their own.
      if (get().view.kind === 'builder' && isCreating(get().view) && !draft.idEdited && draft.name !== before.name) {
        draft = { ...draft, id: slugify(draft.name) };
      }
      set({ draft });
    },

    touch(path) {
      if (!get().touched[path]) set((s) => ({ touched: { ...s.touched, [path]: true } }));
    },

    revealAll() {
      set({ showAll: true });
    },

    loaded(agent, tab = 'settings') {
      const draft = draftFromDefinition(agent.definition);
      set({
        view: { kind: 'builder', mode: 'edit', agentId: agent.definition.id, tab },
        draft,
        initial: draft,
        touched: {},
        showAll: false,
      });
    },
  }));
}

function isCreating(view: AgentsView): boolean {
  return view.kind === 'builder' && view.mode === 'create';
}

export type BuilderStore = ReturnType<typeof createBuilderStore>;

export const builderStore = createBuilderStore();

export function useBuilderStore<T>(selector: (state: BuilderState) => T): T {
  return useStore(builderStore, selector);
}
