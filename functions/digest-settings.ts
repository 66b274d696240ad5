import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { readJsonBody } from '../shared/http/request-limits';
import { header } from '../shared/http/types';
import { parseInput } from '../shared/http/validate-input';
import { readSettings, SettingsInput, writeSettings } from '../shared/digests/settings-api';

// The caller's daily digest: GET reads the settings (defaults when never set), when the next one
// is due and the latest digests (with any reconnect notice); PUT replaces the settings.

export const digestSettings = defineEndpoint({
  name: 'digest-settings',
  description: "The caller's daily digest settings (hour, time zone, sections, delivery address) and their recent digests.",
  access: 'user',
  methods: ['GET', 'PUT'],
  secrets: [],
  openapi: {
    get: { summary: 'Read your digest settings and recent digests', responses: { '200': { description: '{settings, recent_digests}' } } },
    put: {
      summary: 'Replace your digest settings',
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['enabled', 'local_hour', 'time_zone'] } } } },
      responses: { '200': { description: '{settings, recent_digests}' } },
    },
  },
  handle: async (req, res, scope) => {
    const { runtime } = scope;
    const caller = await runtime.verifyCaller(header(req, 'authorization'));
    if (req.method.toUpperCase() === 'PUT') await writeSettings(runtime, caller, parseInput(SettingsInput, readJsonBody(req)));
    sendData(res, 200, await readSettings(runtime, caller));
  },
});
