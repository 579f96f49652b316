import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Verity } from '../../../compose.js';
import { ValidationError } from '../../../domain/errors.js';
import { statedProblem } from '../../../domain/field-problems.js';
import { LIST_SOURCES, type ListSource } from '../../../domain/screening/list-entry.js';
import type { ListFile } from '../../../services/screening/list-imports.js';
import { audit } from '../audit.js';
import { field, type FormBody, requiredField } from '../forms.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';
import { operatorOf } from '../session.js';
import { importResultBody, screeningListsBody } from './screening/lists-view.js';

const LISTS_PAGE = '/console/admin/screening-lists';

/** Official list files run to tens of megabytes (OpenSanctions more); a few files make one import. */
const LIST_MULTIPART_LIMITS = { fileSize: 200 * 1024 * 1024, files: 5, fields: 10, fieldSize: 1024, parts: 16, headerPairs: 100 };

type MultipartPart = { type: 'field'; value: unknown } | { type: 'file'; filename: string; _buf?: Buffer | null };

/** Files of the upload form, kept apart from its text fields (which the CSRF guard reads as any form's). */
const uploadedFiles = new WeakMap<FastifyRequest, ListFile[]>();

/**
 * The screening lists in force and an upload of new list files, for admins only. An upload is a
 * new version of its list, then a rescreen of every customer against what it changed.
 */
export const screeningListRoutes: FastifyPluginAsync<{ verity: Verity }> = async (app, { verity }) => {
  const adminOnly = { config: { consoleRole: 'admin' as const } };
  // Fields attached to the body (buffering the files) so that the session guard finds `_csrf`
  // where every console form has it; the files move aside before it runs.
  await app.register(multipart, { limits: LIST_MULTIPART_LIMITS, attachFieldsToBody: true });
  app.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const form: FormBody = {};
    const files: ListFile[] = [];
    for (const [name, value] of Object.entries((request.body ?? {}) as Record<string, MultipartPart | MultipartPart[]>)) {
      for (const part of [value].flat()) {
        if (part.type === 'file') {
          // A browser sends an empty part for a file input left empty.
          if (part.filename !== '' && part._buf && part._buf.length > 0) files.push({ name: part.filename, bytes: part._buf });
        } else {
          const previous = form[name];
          const text = String(part.value);
          form[name] = previous === undefined ? text : [previous, text].flat();
        }
      }
    }
    uploadedFiles.set(request, files);
    request.body = form;
  });

  app.get('/admin/screening-lists', adminOnly, async (request, reply) => {
    const [lists, tenants] = await Promise.all([verity.screening.queries.lists(), verity.tenants.list()]);
    return sendPage(request, reply, {
      title: 'Screening lists',
      section: 'admin',
      breadcrumb: html`<a href="/console/admin">Admin</a> › Screening lists`,
      body: screeningListsBody(request, lists, tenants),
    });
  });

  app.post('/admin/screening-lists', adminOnly, async (request, reply) => {
    const source = requiredField(request.body, 'source', 'The source');
    if (!LIST_SOURCES.includes(source as ListSource)) throw new ValidationError([statedProblem('/source', 'Invalid', `The source must be one of ${LIST_SOURCES.join(', ')}.`)]);
    const files = uploadedFiles.get(request) ?? [];
    if (files.length === 0) throw new ValidationError([statedProblem('/files', 'Required', 'Choose the list file (or files) to import.')]);
    const tenantId = field(request.body, 'tenant');
    const operator = operatorOf(request);
    const { result, run } = await verity.screening.lists.importAndRescreen({ source: source as ListSource, ...(tenantId && { tenantId }), files, importedBy: `operator:${operator.id}` });
    const { version } = result;
    const detail = `${version.source}${version.tenantId ? ` (tenant ${version.tenantId})` : ''} version ${version.version}${result.unchanged ? ' (unchanged)' : ''}: ${files.map((f) => f.name).join(', ')}`;
    await audit(request, verity, 'screening_list_imported', { kind: 'screening_list', id: version.id }, detail);
    return sendPage(request, reply, {
      title: result.unchanged ? 'List unchanged' : 'List imported',
      section: 'admin',
      breadcrumb: html`<a href="/console/admin">Admin</a> › <a href="${LISTS_PAGE}">Screening lists</a>`,
      body: importResultBody(result, run),
    });
  });
};
