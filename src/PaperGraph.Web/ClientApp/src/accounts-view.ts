// The administrator's page (#/accounts): the accounts, a form to add one, role changes and removal. Refusals
// (a taken name, a weak password) show the server's words next to the form.
import { ApiError } from './api';
import { h } from './dom';
import { can, sendJson } from './session';

interface AccountView { name: string; role: string; created: string | null; updated: string | null; bootstrap: boolean }

export function createAccountsView(container: HTMLElement) {
  const list = h('tbody');
  const status = h('p', { class: 'muted', role: 'status' });
  const name = h('input', { id: 'account-name', name: 'name', required: true, autocomplete: 'off', spellcheck: 'false' }) as HTMLInputElement;
  const password = h('input', { id: 'account-password', name: 'password', type: 'password', required: true, autocomplete: 'new-password' }) as HTMLInputElement;
  const role = h('select', { id: 'account-role', name: 'role' },
    h('option', { value: 'contributor' }, 'contributor'), h('option', { value: 'curator' }, 'curator'), h('option', { value: 'admin' }, 'admin')) as HTMLSelectElement;
  const error = h('p', { id: 'account-error', class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'account-form', 'aria-label': 'Add an account' },
    h('label', { for: 'account-name' }, 'Name'), name,
    h('label', { for: 'account-password' }, 'Password'), password,
    h('label', { for: 'account-role' }, 'Role'), role,
    h('button', { type: 'submit', class: 'primary' }, 'Add account'), error);

  form.addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    try {
      await sendJson('POST', '/api/accounts', { name: name.value.trim(), password: password.value, role: role.value });
      status.textContent = `Added ${name.value.trim()} (${role.value}).`;
      name.value = '';
      password.value = '';
      await refresh();
    } catch (err) {
      error.textContent = err instanceof ApiError ? (err.detail || err.title) : (err as Error).message;
    }
  });

  container.replaceChildren(
    h('table', { class: 'results accounts-table' },
      h('caption', { class: 'visually-hidden' }, 'Accounts'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Role'), h('th', { scope: 'col' }, 'Created'), h('th', { scope: 'col' }, ''))),
      list),
    status,
    h('h2', {}, 'Add an account'),
    form);

  function row(a: AccountView): HTMLElement {
    if (a.bootstrap) {
      return h('tr', { 'data-account': a.name }, h('td', {}, a.name), h('td', {}, 'admin'),
        h('td', { class: 'muted' }, 'configured (Auth:Admin)'), h('td'));
    }
    const select = h('select', { 'aria-label': `Role of ${a.name}` },
      ...['contributor', 'curator', 'admin'].map(r => h('option', { value: r, selected: r === a.role }, r))) as HTMLSelectElement;
    select.addEventListener('change', async () => {
      try {
        await sendJson('PATCH', `/api/accounts/${encodeURIComponent(a.name)}`, { role: select.value });
        status.textContent = `${a.name} is now ${select.value}.`;
      } catch (err) { status.textContent = (err as Error).message; await refresh(); }
    });
    const remove = h('button', { type: 'button', class: 'link-button' }, 'Remove');
    remove.addEventListener('click', async () => {
      if (!confirm(`Remove the account ${a.name}?`)) return;
      try {
        await sendJson('DELETE', `/api/accounts/${encodeURIComponent(a.name)}`);
        status.textContent = `Removed ${a.name}.`;
      } catch (err) { status.textContent = (err as Error).message; }
      await refresh();
    });
    return h('tr', { 'data-account': a.name }, h('td', {}, a.name), h('td', {}, select),
      h('td', {}, a.created ? new Date(a.created).toLocaleString() : ''), h('td', {}, remove));
  }

  async function refresh() {
    if (!can('admin')) {
      list.replaceChildren(h('tr', {}, h('td', { colspan: 4 }, 'Only an administrator sees the accounts. Sign in as one.')));
      return;
    }
    try {
      const response = await fetch('/api/accounts', { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`, '');
      const accounts = (await response.json()) as AccountView[];
      list.replaceChildren(...accounts.map(row));
    } catch (err) {
      list.replaceChildren(h('tr', {}, h('td', { colspan: 4 }, `Could not load the accounts: ${(err as Error).message}`)));
    }
  }

  return { refresh };
}
