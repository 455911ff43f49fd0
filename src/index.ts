import * as core from '@actions/core';
import { ClientAssertionCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import sodium from 'libsodium-wrappers';
import forge from 'node-forge';
import { parseDocument } from 'yaml';
import Ajv from 'ajv';
await sodium.ready;
core.info(`ok ${typeof ClientAssertionCredential} ${typeof Client} ${typeof forge.pki} ${typeof parseDocument} ${typeof Ajv} ${typeof sodium.crypto_box_seal}`);
