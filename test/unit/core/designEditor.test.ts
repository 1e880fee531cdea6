import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { documentEditor, type DocumentEditor } from '../../../core/src/design';

interface Case {
  readonly what: string;
  readonly format?: 'yaml' | 'json';
  readonly text: string;
  readonly edit: (editor: DocumentEditor) => void;
  readonly expected: string;
}

const YAML = `# head comment
a:
  b: 1 # one
  list:
      - x
      - y
  flow: { k: v }
  empty: []
z: last`;

const cases: readonly Case[] = [
  {
    what: 'a scalar is replaced in place, its comment kept',
    text: YAML,
    edit: (editor) => editor.set(['a', 'b'], 2),
    expected: YAML.replace('b: 1 # one', 'b: 2 # one'),
  },
  {
    what: 'a new key joins its mapping at the mapping indentation',
    text: YAML,
    edit: (editor) => editor.set(['a', 'c'], { d: true }),
    expected: YAML.replace('  empty: []\n', '  empty: []\n  c:\n    d: true\n'),
  },
  {
    what: 'a new root key after a last line without newline',
    text: YAML,
    edit: (editor) => editor.set(['n'], 1),
    expected: `${YAML}\nn: 1`,
  },
  {
    what: 'an item appended at the dash column of the sequence',
    text: YAML,
    edit: (editor) => editor.append(['a', 'list'], 'w'),
    expected: YAML.replace('      - y\n', '      - y\n      - w\n'),
  },
  {
    what: 'an empty flow sequence becomes a block one',
    text: YAML,
    edit: (editor) => editor.append(['a', 'empty'], 'q'),
    expected: YAML.replace('  empty: []\n', '  empty:\n    - q\n'),
  },
  {
    what: 'a key added to a flow mapping rewrites that mapping only',
    text: YAML,
    edit: (editor) => editor.set(['a', 'flow', 'k2'], 'v2'),
    expected: YAML.replace('  flow: { k: v }\n', '  flow:\n    k: v\n    k2: v2\n'),
  },
  {
    what: 'removing a sequence item removes its line; the last one leaves []',
    text: YAML,
    edit: (editor) => {
      editor.remove(['a', 'list', 0]);
      editor.remove(['a', 'list', 0]);
    },
    expected: YAML.replace('  list:\n      - x\n      - y\n', '  list: []\n'),
  },
  {
    what: 'removing a key removes its lines and keeps the neighbours',
    text: YAML,
    edit: (editor) => editor.remove(['a', 'list']),
    expected: YAML.replace('  list:\n      - x\n      - y\n', ''),
  },
  {
    what: 'CRLF line ends stay CRLF',
    text: YAML.replace(/\n/g, '\r\n'),
    edit: (editor) => {
      editor.append(['a', 'list'], 'w');
      editor.remove(['a', 'b']);
    },
    expected: YAML.replace('      - y\n', '      - y\n      - w\n')
      .replace('  b: 1 # one\n', '')
      .replace(/\n/g, '\r\n'),
  },
  {
    what: 'JSON keeps its indentation',
    format: 'json',
    text: '{\n    "a": {\n        "b": 1\n    }\n}\n',
    edit: (editor) => {
      editor.set(['a', 'c'], [1]);
      editor.append(['a', 'c'], 2);
    },
    expected:
      '{\n    "a": {\n        "b": 1,\n        "c": [\n            1,\n            2\n        ]\n    }\n}\n',
  },
];

suite('documentEditor: edits by path that keep every other byte', () => {
  for (const { what, format, text, edit, expected } of cases) {
    test(what, () => {
      const editor = documentEditor(text, format ?? 'yaml');
      edit(editor);
      assert.equal(editor.text, expected);
    });
  }
});

suite('documentEditor: values inside flow collections', () => {
  test('a scalar set inside a flow mapping is quoted when YAML needs it', () => {
    const editor = documentEditor('subscribe: { x-uri-mapping: /a, x-auth-type: Any }\n', 'yaml');
    editor.set(['subscribe', 'x-uri-mapping'], '/r?room={uri.var.id}');
    assert.equal(editor.text, 'subscribe: { x-uri-mapping: "/r?room={uri.var.id}", x-auth-type: Any }\n');
    assert.deepEqual(editor.value(['subscribe']), {
      'x-uri-mapping': '/r?room={uri.var.id}',
      'x-auth-type': 'Any',
    });
  });
});
