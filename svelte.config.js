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
    // The content-security policy of every page, as a header: scripts only from this origin
    // (SvelteKit adds a nonce for its own inline start-up script), nothing framing the app,
    // forms posting only here. Styles allow inline ones: Observable Plot writes a <style> into
    // each chart and style attributes on its marks, as do Svelte's style directives; scripts,
    // the real danger, stay strict. Responses that are not pages get a stricter one in
    // dashboards/lib/server/security-headers.ts. (SvelteKit's own check that a form post comes
    // from this origin stays on, its default, beside the session's CSRF token that
    // hooks.server.ts requires of every change.)
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};
