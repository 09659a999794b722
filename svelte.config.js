import adapter from '@sveltejs/adapter-node';

/**
 * The dashboards: a SvelteKit app whose routes, components, server code and template live
 * under dashboards/, built by adapter-node into build/app. `ledgerloop serve` imports the built
 * handler into its own HTTP server, so the app shares the serve process's database handle.
 */
/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter({ out: 'build/app', precompress: false }),
    files: {
      src: 'dashboards',
      routes: 'dashboards/routes',
      lib: 'dashboards/lib',
      appTemplate: 'dashboards/app.html',
      errorTemplate: 'dashboards/error.html',
      hooks: { server: 'dashboards/hooks.server', client: 'dashboards/hooks.client', universal: 'dashboards/hooks' },
      params: 'dashboards/params',
      assets: 'dashboards/static',
      serviceWorker: 'dashboards/service-worker',
    },
  },
};
