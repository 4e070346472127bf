/** @type {import('@remix-run/dev').AppConfig} */
// The baseline the product's pages are measured against: the same Remix version, compiler and
// future flags as the product, one route, nothing else.
export default {
  appDirectory: "app",
  serverBuildPath: "build/index.js",
  assetsBuildDirectory: "public/build",
  serverModuleFormat: "esm",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
