import { env } from 'cloudflare:test';
import { accessLogContract } from '../contract/access-log.contract.js';
import { auditorViewContract } from '../contract/auditor-view.contract.js';
import { erasureContract } from '../contract/erasure.contract.js';
import { makeHarness } from '../contract/harness.js';
import { privacyContract } from '../contract/privacy.contract.js';
import { subjectAccessContract } from '../contract/subject-access.contract.js';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';

const db = env.DB as D1Like;
const make = () => makeHarness('workers', d1Store(db), () => createD1Store(db));
privacyContract(make);
auditorViewContract(make);
erasureContract(make);
accessLogContract(make);
subjectAccessContract(make);
