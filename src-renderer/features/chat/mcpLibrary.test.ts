import { describe, expect, it } from 'vitest';
import { promptInsertion, resourceAttachment } from './mcpLibrary';

describe('MCP library helpers', () => {
  it('attaches a resource as its text under a header; binary parts are named with their size', () => {
    const text = resourceAttachment('Notes', 'notes://1', [
      { uri: 'notes://1', mimeType: 'text/plain', text: 'body', blobBytes: null },
      { uri: 'notes://1#img', mimeType: 'image/png', text: null, blobBytes: 70 },
    ]);
    expect(text).toBe('[Resource "Notes" (notes://1)]\nbody\n[binary image/png, 70 bytes]');
  });

  it('inserts one user message as it is, several with their roles', () => {
    expect(promptInsertion({ description: null, messages: [{ role: 'user', text: 'Hi' }] })).toBe('Hi');
    expect(
      promptInsertion({
        description: null,
        messages: [
          { role: 'user', text: 'Q' },
          { role: 'assistant', text: 'A' },
        ],
      }),
    ).toBe('User: Q\n\nAssistant: A');
  });
});
