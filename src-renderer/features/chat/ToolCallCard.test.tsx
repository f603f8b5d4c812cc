import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ApprovalRequestEvent } from '@contract';
import { ToolCallCard } from './ToolCallCard';
import type { CallView } from './chatView';

const formCard: ApprovalRequestEvent = {
  callId: 'c1:form-1',
  turnId: 't',
  conversationId: 'conv',
  agentId: 'a',
  tool: 'mcp_elicitation',
  title: 'MCP server "Forms" asks you for some information',
  args: { message: 'Who is asking?' },
  form: {
    message: 'Who is asking?',
    fields: [
      {
        name: 'name',
        title: 'Your name',
        description: null,
        kind: 'string',
        required: true,
        options: [],
        default: null,
        min: null,
        max: null,
        minLength: 1,
        maxLength: 40,
        format: null,
      },
      {
        name: 'colour',
        title: 'Colour',
        description: 'Pick one',
        kind: 'enum',
        required: false,
        options: [{ value: 'red', label: 'Red' }],
        default: null,
        min: null,
        max: null,
        minLength: null,
        maxLength: null,
        format: null,
      },
      {
        name: 'ok',
        title: 'Subscribe',
        description: null,
        kind: 'boolean',
        required: false,
        options: [],
        default: true,
        min: null,
        max: null,
        minLength: null,
        maxLength: null,
        format: null,
      },
      {
        name: 'fish',
        title: 'Fish',
        description: null,
        kind: 'multi',
        required: false,
        options: [{ value: 'f1', label: 'Tuna' }],
        default: ['f1'],
        min: null,
        max: null,
        minLength: null,
        maxLength: null,
        format: null,
      },
    ],
  },
  open: true,
  outcome: 'pending',
};

const call = (patch: Partial<CallView>): CallView => ({
  key: 'k',
  name: 'mcp_forms_ask_details',
  args: {},
  result: null,
  live: null,
  approval: null,
  state: 'running',
  ...patch,
});

describe('ToolCallCard', () => {
  it('draws a form card with its fields and Send (disabled until required fields are filled), Decline, Cancel', () => {
    const html = renderToStaticMarkup(<ToolCallCard call={call({ approval: formCard, state: 'waiting' })} />);
    expect(html).toContain('data-testid="elicitation-form"');
    expect(html).toContain('Who is asking?');
    expect(html).toContain('Your name *');
    expect(html).toContain('<option value="red">Red</option>');
    expect(html).toMatch(/type="checkbox"[^>]*checked/);
    expect(html).toContain('Tuna');
    expect(html).toMatch(/data-testid="elicitation-accept"[^>]*disabled/);
    expect(html).toContain('Required: Your name');
    expect(html).toContain('data-testid="elicitation-decline"');
    expect(html).toContain('data-testid="elicitation-cancel"');
    expect(html).not.toContain('data-testid="approval-approve"');
  });

  it('shows progress while running, and images, audio and links in the result', () => {
    const running = renderToStaticMarkup(
      <ToolCallCard
        call={call({
          live: {
            callId: 'k',
            name: 'x',
            args: {},
            finished: false,
            ok: null,
            decision: 'allowed',
            error: null,
            progress: { progress: 2, total: 4, message: 'step 2' },
          },
        })}
      />,
    );
    expect(running).toContain('aria-valuenow="50"');
    expect(running).toContain('2 of 4 — step 2');
    const done = renderToStaticMarkup(
      <ToolCallCard
        call={call({
          state: 'done',
          result: {
            text: 'Here',
            isError: false,
            callId: 'k',
            decision: 'allowed',
            media: [
              {
                kind: 'image',
                mimeType: 'image/png',
                dataUrl: 'data:image/png;base64,AAAA',
                uri: null,
                name: null,
                bytes: 3,
                omitted: null,
              },
              {
                kind: 'audio',
                mimeType: 'audio/wav',
                dataUrl: 'data:audio/wav;base64,AAAA',
                uri: null,
                name: null,
                bytes: 3,
                omitted: null,
              },
              {
                kind: 'image',
                mimeType: 'image/png',
                dataUrl: null,
                uri: null,
                name: null,
                bytes: 9e6,
                omitted: '8.6 MB is over the 1.0 MB card limit',
              },
              {
                kind: 'link',
                mimeType: null,
                dataUrl: null,
                uri: 'https://example.org/r.pdf',
                name: 'r.pdf',
                bytes: 0,
                omitted: null,
              },
            ],
          },
        })}
      />,
    );
    expect(done).toContain('<img src="data:image/png;base64,AAAA"');
    expect(done).toContain('<audio controls="" src="data:audio/wav;base64,AAAA"');
    expect(done).toContain('Image not shown: 8.6 MB is over the 1.0 MB card limit');
    expect(done).toContain('href="https://example.org/r.pdf"');
  });
});
