// Sign in and out in the header, with the role shown. The form verifies the password on the server: a wrong
// one says so next to the form and signs nobody in.
import { ApiError } from './api';
import { h } from './dom';
import { onSessionChange, signIn, signOut } from './session';

export function createAccountMenu(container: HTMLElement, onAdmin: (visible: boolean) => void) {
  const toggle = h('button', { type: 'button', id: 'sign-in-toggle', 'aria-expanded': 'false', 'aria-controls': 'sign-in-form' }, 'Sign in');
  const who = h('span', { id: 'signed-in-as', class: 'signed-in-as' });
  const out = h('button', { type: 'button', id: 'sign-out', class: 'link-button' }, 'Sign out');
  const name = h('input', { id: 'sign-in-name', name: 'name', autocomplete: 'username', required: true, spellcheck: 'false' }) as HTMLInputElement;
  const password = h('input', { id: 'sign-in-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true }) as HTMLInputElement;
  const error = h('p', { id: 'sign-in-error', class: 'form-error', role: 'alert' });
  // Teams whose site has an identity provider (Auth:Oidc) sign in there and come back to the same view.
  const organisation = h('a', { id: 'sign-in-organisation', href: '/api/session/oidc', hidden: true }, 'Sign in with your organisation') as HTMLAnchorElement;
  organisation.addEventListener('click', () => {
    organisation.href = '/api/session/oidc?returnUrl=' + encodeURIComponent(location.pathname + location.hash);
  });
  const form = h('form', { id: 'sign-in-form', class: 'sign-in-popover', hidden: true, 'aria-label': 'Sign in' },
    h('label', { for: 'sign-in-name' }, 'Name'), name,
    h('label', { for: 'sign-in-password' }, 'Password'), password,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
    organisation,
    error);

  const open = (show: boolean) => {
    form.hidden = !show;
    toggle.setAttribute('aria-expanded', String(show));
    if (show) { error.textContent = ''; name.focus(); }
  };
  toggle.addEventListener('click', () => open(form.hidden));
  form.addEventListener('keydown', e => { if (e.key === 'Escape') { open(false); toggle.focus(); } });
  form.addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    try {
      await signIn(name.value.trim(), password.value);
      open(false);
    } catch (err) {
      error.textContent = err instanceof ApiError ? (err.detail || err.title) : `Could not sign in: ${(err as Error).message}`;
    } finally {
      password.value = '';
    }
  });
  out.addEventListener('click', () => void signOut());

  container.replaceChildren(who, out, toggle, form);
  onSessionChange(s => {
    const signedIn = s.name !== null;
    who.textContent = signedIn ? `${s.name} (${s.role})` : '';
    who.hidden = !signedIn;
    out.hidden = !signedIn;
    toggle.hidden = signedIn;
    if (signedIn) form.hidden = true;
    organisation.hidden = !s.identityProvider;
    onAdmin(s.role === 'admin');
  });
}
