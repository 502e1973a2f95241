/**
 * The layering of nodes/ and credentials/, checked by `npm run lint` (dependency-cruiser). Imports
 * go only downward: the node classes (nodes/Segura/*.node.ts) → actions/ and trigger/ → transport/
 * → model/ → errors/. actions/ and trigger/ (the two nodes' own code) do not import each other.
 * The credential imports one leaf, model/endpoints.ts (URL rules), and that file imports nothing.
 */
const NODE = '^nodes/Segura/';
const ABOVE = {
	'actions|trigger': `${NODE}[^/]+\\.node\\.ts$`,
	transport: `${NODE}([^/]+\\.node\\.ts$|actions/|trigger/)`,
	model: `${NODE}([^/]+\\.node\\.ts$|actions/|trigger/|transport/)`,
	errors: `${NODE}([^/]+\\.node\\.ts$|actions/|trigger/|transport/|model/)`,
};

module.exports = {
	forbidden: [
		...Object.entries(ABOVE).map(([layer, above]) => ({
			name: `${layer.replace('|', '-')}-imports-upward`,
			comment: `${layer}/ may import only the layers below it (see docs/architecture.md)`,
			severity: 'error',
			from: { path: `${NODE}(${layer})/` },
			to: { path: above },
		})),
		{
			name: 'actions-imports-trigger',
			comment: "the Remote Session node's actions and the trigger's code share only what lies below them",
			severity: 'error',
			from: { path: `${NODE}actions/` },
			to: { path: `${NODE}trigger/` },
		},
		{
			name: 'trigger-imports-actions',
			comment: "the Remote Session node's actions and the trigger's code share only what lies below them",
			severity: 'error',
			from: { path: `${NODE}trigger/` },
			to: { path: `${NODE}actions/` },
		},
		{
			name: 'credential-imports-more-than-the-url-rules',
			comment: 'the credential may import model/endpoints.ts (URL rules) and nothing else of the nodes',
			severity: 'error',
			from: { path: '^credentials/' },
			to: { path: '^nodes/', pathNot: `${NODE}model/endpoints\\.ts$` },
		},
		{
			name: 'url-rules-are-a-leaf',
			comment: 'model/endpoints.ts imports nothing, so that the credential pulls in no node code',
			severity: 'error',
			from: { path: `${NODE}model/endpoints\\.ts$` },
			to: { path: '^(nodes|credentials)/' },
		},
		{
			name: 'no-circular',
			severity: 'error',
			from: { path: '^(nodes|credentials)/' },
			to: { circular: true },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsConfig: { fileName: 'tsconfig.build.json' },
		tsPreCompilationDeps: true,
	},
};
