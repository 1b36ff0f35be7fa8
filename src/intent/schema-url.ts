/**
 * Where editors (yaml-language-server) fetch the intent schema: the schema file of this exact talscale
 * version on the npm CDN. It is also the schema's `$id`. A file written by one version keeps
 * validating against that version's schema until it is regenerated, and output stays identical
 * across builds of one version. Point the modeline at `./node_modules/talscale/talscale.schema.json`
 * to follow the installed version instead.
 * @module
 */
import { VERSION } from '../version.ts'

export const SCHEMA_URL = `https://unpkg.com/talscale@${VERSION}/talscale.schema.json`
