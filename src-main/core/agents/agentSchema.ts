// The schema lives in the contract so the builder form validates with exactly what core enforces.
export * from '../../../src-preload/contract/agents';
