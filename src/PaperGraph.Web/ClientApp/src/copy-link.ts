// "Copy link": copies the address of the view being shown (a paper, a plan, a chain, a query), so it can be
// shared; the button says whether it worked, and where the clipboard is refused it shows the address to copy.
import { h } from './dom';

export function copyLinkButton(href: () => string = () => location.href): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'copy-link', title: 'Copy the address of this view' }, 'Copy link');
  const say = (text: string) => {
    button.textContent = text;
    window.setTimeout(() => { button.textContent = 'Copy link'; }, 2000);
  };
  button.addEventListener('click', async () => {
    const url = href();
    button.dataset.copied = url;
    try {
      await navigator.clipboard.writeText(url);
      say('Link copied');
    } catch {
      // No clipboard (insecure origin, permission refused): show the address selected, ready for Ctrl+C.
      const field = h('input', { type: 'text', readonly: true, value: url, class: 'copy-link-field', 'aria-label': 'Link to this view' }) as HTMLInputElement;
      button.after(field);
      field.select();
      field.addEventListener('blur', () => field.remove());
      field.focus();
      say('Press Ctrl+C to copy');
    }
  });
  return button;
}
