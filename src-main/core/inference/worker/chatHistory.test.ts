import { describe, expect, it } from 'vitest';
import { toChatHistory } from './chatHistory';

describe('toChatHistory', () => {
  it('maps roles and ends with an empty model turn to generate into', () => {
    expect(
      toChatHistory([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ]),
    ).toEqual([
      { type: 'system', text: 'Be brief.' },
      { type: 'user', text: 'Hi' },
      { type: 'model', response: [] },
    ]);
  });

  it('renders assistant text before its function calls and continues a trailing assistant turn', () => {
    const history = toChatHistory([
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: 'Checking.',
        functionCalls: [{ name: 'get_weather', params: { city: 'Oslo' }, result: { celsius: 3 } }],
      },
    ]);
    expect(history).toEqual([
      { type: 'user', text: 'Weather?' },
      {
        type: 'model',
        response: [
          'Checking.',
          { type: 'functionCall', name: 'get_weather', params: { city: 'Oslo' }, result: { celsius: 3 } },
        ],
      },
    ]);
  });
});
