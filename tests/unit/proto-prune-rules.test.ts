import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { clientLookups, pruneProtoJson } from '../../scripts/lib/proto-prune';

// What the descriptor pruning keeps (scripts/lib/proto-prune.ts), on small descriptor sets: a
// nested type comes with the type around it, an extension with the type it extends, and a file
// that looks up no service it knows is left alone.

const FIRESTORE_JSON = () =>
  JSON.parse(readFileSync(join(process.cwd(), 'node_modules/@google-cloud/firestore-api/build/protos/protos.json'), 'utf8')) as protobuf.INamespace;

describe('descriptor pruning rules', () => {
  it('keeps a nested type with the type around it, and the extensions of kept types only', () => {
    const http = { '(google.api.http)': { post: '/v1/calls', body: '*' } };
    const demo = {
      options: { java_package: 'demo' },
      nested: {
        Api: {
          methods: { Call: { requestType: 'Outer.Inner', responseType: 'Reply', options: { '(google.api.http).post': '/v1/calls' }, parsedOptions: [http] } },
        },
        Outer: { fields: { id: { type: 'string', id: 1 } }, nested: { Inner: { fields: { state: { type: 'State', id: 1 } } } } },
        State: { values: { A: 0, B: 1 } },
        Reply: { fields: { tags: { keyType: 'string', type: 'Tag', id: 1 } }, extensions: [[100, 200]] },
        Tag: { fields: { v: { type: 'int32', id: 1 } } },
        note: { type: 'Note', id: 100, extend: 'Reply' },
        Note: { fields: { text: { type: 'string', id: 1 } } },
        unusedNote: { type: 'string', id: 100, extend: 'Unused' },
        Unused: { fields: {}, extensions: [[100, 200]] },
        Other: { fields: { x: { type: 'int32', id: 1 } } },
      },
    };
    const kept = pruneProtoJson({ nested: { demo } } as protobuf.INamespace, clientLookups("root.lookupService('demo.Api')"));
    const keptDemo = kept?.nested?.demo as unknown as typeof demo;
    expect(Object.keys(keptDemo.nested).sort()).toEqual(['Api', 'Note', 'Outer', 'Reply', 'State', 'Tag', 'note']);
    expect({ ...keptDemo, nested: undefined }).toEqual({ ...demo, nested: undefined });
    const call = protobuf.Root.fromJSON(kept as protobuf.INamespace)
      .resolveAll()
      .lookupService('demo.Api').methods.Call as protobuf.Method;
    expect([call.resolvedRequestType?.fullName, call.parsedOptions]).toEqual(['.demo.Outer.Inner', [http]]);
  });

  it('leaves the descriptors alone for a file that looks up no service, or an unknown one', () => {
    expect(pruneProtoJson(FIRESTORE_JSON(), clientLookups("const protos = require('../../protos/protos.json');"))).toBeUndefined();
    expect(pruneProtoJson(FIRESTORE_JSON(), clientLookups("protos.lookupService('google.example.v1.Nothing')"))).toBeUndefined();
  });
});
