// Hash routing: every view has a URL that can be shared and reloaded.
//   #/                 the graph            #/paper/bert        a paper
//   #/plan/lora        a learning plan      #/path/word2vec/lora a chain between two papers
//   #/list             the list view        #/cypher?q=…        the console with a query
//   #/accounts         the administrator's accounts page
//   #/history?paper=…&curator=…  the history of changes      #/?asOf=12  the graph right after change 12

export type Route =
  | { view: 'graph'; asOf?: number }
  | { view: 'history'; paper: string | null; curator: string | null }
  | { view: 'paper'; key: string }
  | { view: 'plan'; key: string }
  | { view: 'path'; from: string; to: string }
  | { view: 'list' }
  | { view: 'accounts' }
  | { view: 'cypher'; query: string | null; params: string | null };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path, search = ''] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  switch (parts[0]) {
    case 'paper': return parts[1] ? { view: 'paper', key: parts[1] } : { view: 'graph' };
    case 'plan': return parts[1] ? { view: 'plan', key: parts[1] } : { view: 'graph' };
    case 'path': return parts[1] && parts[2] ? { view: 'path', from: parts[1], to: parts[2] } : { view: 'graph' };
    case 'list': return { view: 'list' };
    case 'accounts': return { view: 'accounts' };
    case 'history': return { view: 'history', paper: query.get('paper'), curator: query.get('curator') };
    case 'cypher': return { view: 'cypher', query: query.get('q'), params: query.get('params') };
    default: {
      const asOf = Number(query.get('asOf'));
      return query.has('asOf') && Number.isInteger(asOf) && asOf >= 0 ? { view: 'graph', asOf } : { view: 'graph' };
    }
  }
}

export function routeHref(route: Route): string {
  const e = encodeURIComponent;
  switch (route.view) {
    case 'graph': return route.asOf !== undefined ? `#/?asOf=${route.asOf}` : '#/';
    case 'history': {
      const q = new URLSearchParams();
      if (route.paper) q.set('paper', route.paper);
      if (route.curator) q.set('curator', route.curator);
      const s = q.toString();
      return s ? `#/history?${s}` : '#/history';
    }
    case 'paper': return `#/paper/${e(route.key)}`;
    case 'plan': return `#/plan/${e(route.key)}`;
    case 'path': return `#/path/${e(route.from)}/${e(route.to)}`;
    case 'list': return '#/list';
    case 'accounts': return '#/accounts';
    case 'cypher': {
      const q = new URLSearchParams();
      if (route.query) q.set('q', route.query);
      if (route.params) q.set('params', route.params);
      const s = q.toString();
      return s ? `#/cypher?${s}` : '#/cypher';
    }
  }
}

export interface RouterConfig { onRoute: (route: Route) => void }

export function createRouter(config: RouterConfig) {
  const fire = () => config.onRoute(parseRoute(location.hash));
  window.addEventListener('hashchange', fire);
  return {
    start: fire,
    go(route: Route) {
      const href = routeHref(route);
      if (location.hash === href || (href === '#/' && location.hash === '')) fire();
      else location.hash = href;
    },
    /** Changes the URL without re-rendering (e.g. the console's query as it is run). */
    replace(route: Route) { history.replaceState(null, '', routeHref(route)); },
    current: () => parseRoute(location.hash),
  };
}
export type Router = ReturnType<typeof createRouter>;
