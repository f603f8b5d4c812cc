import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';

const render = (text: string) => renderToStaticMarkup(<Markdown text={text} />);

describe('Markdown', () => {
  it('highlights fenced code and gives the block a copy button named after its language', () => {
    const html = render('Try:\n\n```ts\nconst answer: number = 42;\n```');
    expect(html).toContain('data-testid="code-block"');
    expect(html).toContain('aria-label="Copy ts code"');
    expect(html).toMatch(/<span class="hljs-keyword">const<\/span>/);
  });

  it('renders GFM tables and strikethrough', () => {
    const html = render('| a | b |\n| - | - |\n| 1 | 2 |\n\n~~gone~~');
    expect(html).toContain('<table>');
    expect(html).toContain('<del>gone</del>');
  });

  it('shows raw HTML and script links as text, never as live markup', () => {
    const html = render('<img src=x onerror="alert(1)"> [click](javascript:alert(1))');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('rel="noreferrer noopener"');
  });

  it('copes with an unfinished code fence mid-stream', () => {
    expect(render('```python\nprint("hi")')).toContain('data-testid="code-block"');
  });
});
