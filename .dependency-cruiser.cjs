// Dependency rules of the layout (docs/architecture.md), checked by `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'providers-are-stateless',
      comment: 'providers/ are wire clients and error mappers: they read no store and open no connection.',
      severity: 'error',
      from: { path: '^shared/providers/' },
      to: { path: '^shared/(store|connections|commerce|orchestrator|actions|http)/' },
    },
    {
      name: 'nothing-imports-tests',
      comment: 'tests/ may import anything; nothing outside tests/ imports tests/.',
      severity: 'error',
      from: { pathNot: '^tests/' },
      to: { path: '^tests/' },
    },
    {
      name: 'shared-is-a-library',
      comment: 'shared/ is library code: it imports neither the function entries nor the scripts, nor the sandbox.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(functions|scripts|sandbox|console)/' },
    },
    {
      name: 'sandbox-stands-alone',
      comment: 'The sandbox providers speak wire formats; they may share the provider schemas but not the app.',
      severity: 'error',
      from: { path: '^sandbox/' },
      to: { path: '^(functions|scripts)/|^shared/(store|connections|commerce|orchestrator|http|triggers|digests)/' },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders depend one way: a cycle between two folders means a concept lives in both.',
      severity: 'error',
      from: { path: '^(shared|functions|scripts|sandbox)/' },
      to: { circular: true, viaOnly: { pathNot: '^$' } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.cache)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    // TypeScript 7 (the native compiler) has no JS API yet; swc parses the sources instead.
    parser: 'swc',
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'], exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], mainFields: ['module', 'main', 'types'] },
  },
};
