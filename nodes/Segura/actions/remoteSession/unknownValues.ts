/**
 * Segura's "not found" answers name no value ("Resource sub not found." for an unknown user, device,
 * credential or session id alike): before the error is worded, the node checks what it can (the
 * device list, the credential list, the session list) and names the value Segura did not find.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { CODED_ERRORS, DOCUMENTED_ERRORS, lookUpDocumentedError } from '../../errors/errorCatalogue';
import { credentialsOn, deviceLabel, deviceNamed } from '../../model/inventory';
import type { RemoteSession } from '../../model/responses';
import { fetchDeviceCredentialList, fetchDeviceList, fetchSessionById, sessionsOfRun } from '../../transport/reads';
import { asNodeError, seguraApiError } from '../../errors/errorFactories';
import { maskSecrets } from '../../errors/redaction';

/** A NodeApiError about a value the node sent, in the node's words. */
function valueError(context: IExecuteFunctions, itemIndex: number, message: string, description: string): NodeApiError {
	return seguraApiError(context.getNode(), { message, description }, itemIndex);
}

/** Which "not found" Segura answered: one that names nothing, or one that names a session id. */
function notFoundKind(error: unknown): 'unnamed' | 'session' | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const entry = lookUpDocumentedError(error.message);
	if (entry === DOCUMENTED_ERRORS['resource sub not found']) return 'unnamed';
	return entry === CODED_ERRORS[1002] ? 'session' : undefined;
}

/** Segura's error again, with why the node could not tell which value was wrong. */
function uncheckedError(context: IExecuteFunctions, itemIndex: number, error: NodeApiError, checkError: unknown): NodeApiError {
	const why = `The node could not check which value Segura did not find: ${(checkError as Error).message}`;
	return valueError(context, itemIndex, error.message, [error.description, why].filter(Boolean).join(' '));
}

interface Lookup {
	itemIndex: number;
	timeoutMs: number;
	/** The operation, as errors name it. */
	what: 'Get' | 'Terminate';
}

/** The sessions Segura answers for a numeric id; an id Segura does not know is named as such. */
export async function sessionsWithId(context: IExecuteFunctions, id: string, lookup: Lookup): Promise<RemoteSession[]> {
	const { itemIndex, timeoutMs, what } = lookup;
	try {
		return await fetchSessionById(context, { id, itemIndex, timeoutMs, what });
	} catch (error) {
		const kind = notFoundKind(error);
		if (!kind) throw asNodeError(context.getNode(), error);
		if (kind === 'unnamed') {
			// Checked against the run's one session list, so many unknown ids cost one list.
			let listed: boolean;
			try {
				listed = (await sessionsOfRun(context, { itemIndex, timeoutMs, what })).some((session) => session.id === id);
			} catch (checkError) {
				throw uncheckedError(context, itemIndex, error as NodeApiError, checkError);
			}
			if (listed) throw asNodeError(context.getNode(), error);
		}
		const done = what === 'Get' ? 'nothing was read' : 'nothing was terminated';
		throw valueError(
			context,
			itemIndex,
			`Segura has no remote session with id ${maskSecrets(id)}`,
			`Segura answered "${(error as NodeApiError).message}"${kind === 'unnamed' ? ' and its session list holds no session with this id' : ''}: ${done}. Check the Numeric ID (the "id" field Get Many returns, such as 30); a session_id (such as 40 hex characters) goes in Terminate By: Session ID.`,
		);
	}
}

/** What Create sent that Segura may not know. */
interface CreateTarget {
	user: string;
	device: string;
	credential?: string;
	remotedevice?: string;
}


/** The error for a refused Create: which of user, device and credential Segura did not find. */
async function whatCreateNamedWrongly(context: IExecuteFunctions, target: CreateTarget, lookup: Omit<Lookup, 'what'>, answered: string): Promise<NodeApiError> {
	const request = { ...lookup, what: 'Create' };
	const nothingCreated = 'nothing was created';
	const devices = await fetchDeviceList(context, request);
	const device = deviceNamed(devices, target.device);
	if (!device) {
		return valueError(
			context,
			lookup.itemIndex,
			`Segura has no device ${maskSecrets(target.device)}`,
			`Segura answered "${answered}" and its device list (${devices.length} devices this application can see) holds no device with this hostname or IP address: ${nothingCreated}. Check the Device field: the hostname or IP address of a device registered in Segura, which the A2A authorization covers.`,
		);
	}
	if (target.credential !== undefined) {
		const onDevice = credentialsOn(await fetchDeviceCredentialList(context, request), device);
		if (!onDevice.some((credential) => credential.username === target.credential)) {
			const usernames = onDevice.map((credential) => credential.username).slice(0, 10).join(', ') || 'none';
			return valueError(
				context,
				lookup.itemIndex,
				`Segura has no credential ${maskSecrets(target.credential)} on device ${deviceLabel(device)}`,
				`Segura answered "${answered}": ${nothingCreated}. The device's credentials this application can see: ${usernames}. Check the Device Credential field (a username, as registered for this device), or leave it empty for automatic selection.`,
			);
		}
	}
	const known = target.credential === undefined ? `Device ${deviceLabel(device)} is registered` : `Device ${deviceLabel(device)} and its credential ${target.credential} are registered`;
	const remoteDevice = target.remotedevice ? ` If the user is right, check Additional Fields > Remote Device (${target.remotedevice}).` : '';
	return valueError(
		context,
		lookup.itemIndex,
		`Segura has no user ${maskSecrets(target.user)}`,
		`Segura answered "${answered}". ${known}, so the value it did not find is the user: ${nothingCreated}. Check the User field: the username of a person registered in Segura (Settings > Users).${remoteDevice}`,
	);
}

/**
 * Create's request, with a refusal that names no value turned into one that does. Any other
 * failure passes as it is.
 */
export async function createNamingUnknownValues<T>(
	context: IExecuteFunctions,
	create: () => Promise<T>,
	target: CreateTarget,
	lookup: Omit<Lookup, 'what'>,
): Promise<T> {
	try {
		return await create();
	} catch (error) {
		if (notFoundKind(error) !== 'unnamed') throw asNodeError(context.getNode(), error);
		let named: NodeApiError;
		try {
			named = await whatCreateNamedWrongly(context, target, lookup, (error as NodeApiError).message);
		} catch (checkError) {
			throw uncheckedError(context, lookup.itemIndex, error as NodeApiError, checkError);
		}
		throw named;
	}
}
