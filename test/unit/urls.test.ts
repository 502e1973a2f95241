/** Where the node's requests go (transport/urls.ts): the Base URL rule, the families, the encoded id. */
import { buildUrl, familiesFor, normalisedBaseUrlExpression, pathOf } from '../../nodes/Segura/model/endpoints';

describe('request URLs', () => {
	it.each([
		['a2a', 'createSession', '/iso/remote/session'],
		['pamCore', 'getSession', '/api/pam/session/remotesessions/{id}'],
		['api', 'listSessions', '/api/session/remotesessions'],
		['a2a', 'dropSession', '/iso/session/drop/{id}'],
	] as const)('%s %s is %s', (family, endpoint, path) => {
		expect(pathOf(family, endpoint)).toBe(path);
	});

	it('drops trailing slashes and surrounding space of the Base URL, keeps a sub-path', () => {
		expect(buildUrl(' https://pam.example.com/segura/// ', 'api', 'listSessions')).toBe(
			'https://pam.example.com/segura/api/session/remotesessions',
		);
		expect(buildUrl(undefined, 'a2a', 'createSession')).toBe('/iso/remote/session');
	});

	it('encodes the id, so ?, #, %, /, .. and spaces stay inside the path segment', () => {
		expect(buildUrl('https://h', 'a2a', 'dropSession', 'a b/../?x=1#%é')).toBe(
			'https://h/iso/session/drop/a%20b%2F..%2F%3Fx%3D1%23%25%C3%A9',
		);
		expect(buildUrl('https://h', 'api', 'getSession')).toBe('https://h/api/session/remotesessions/');
	});

	it('the credential reads the Base URL by the same rule, as an n8n expression', () => {
		expect(normalisedBaseUrlExpression('$self["baseUrl"]')).toBe('String($self["baseUrl"]).trim().replace(/\\/+$/, "")');
	});

	it.each(['a2a', 'pamCore', 'api'])('API Paths %s is that family alone', (family) => {
		expect(familiesFor(family, 'getSession')).toEqual([family]);
	});

	it.each(['auto', '', 'toString', 'constructor', undefined, 7])('API Paths %p is Auto, in the documented order', (apiPaths) => {
		expect(familiesFor(apiPaths, 'createSession')).toEqual(['a2a', 'pamCore', 'api']);
		expect(familiesFor(apiPaths, 'dropSession')).toEqual(['a2a', 'pamCore', 'api']);
		expect(familiesFor(apiPaths, 'getSession')).toEqual(['api', 'pamCore', 'a2a']);
		expect(familiesFor(apiPaths, 'listSessions')).toEqual(['api', 'pamCore', 'a2a']);
	});
});
