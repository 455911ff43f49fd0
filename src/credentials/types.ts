// What the executor needs from the credential side (certificates, GitHub delivery, verification),
// as ports so the executor stays free of GitHub and crypto details.

/** A generated or user-provided certificate and what the product needs of it. */
export interface CertificateMaterial {
  certificatePem: string;
  privateKeyPem: string;
  /** base64 PKCS#12 holding key and certificate, protected by pfxPassword. */
  pfxBase64: string;
  pfxPassword: string;
  /** base64 DER of the certificate, as Graph's keyCredential.key wants it. */
  derBase64: string;
  /** SHA-1 thumbprint, upper-case hex (what the portal shows). */
  thumbprintHex: string;
  notBefore: string;
  notAfter: string;
}

/** A credential the executor has just added to the application. */
export type NewCredential =
  | { type: 'secret'; keyId: string; endDateTime: string; secretText: string }
  | { type: 'certificate'; keyId: string; endDateTime: string; material: CertificateMaterial };

export interface VerifyResult {
  ok: boolean;
  /** roles claim of the token obtained with the new credential */
  roles: string[];
  /** granted application permissions missing from the roles claim */
  missing: string[];
  attempts: number;
  /** why verification failed, when it did */
  reason?: string;
}

/** The application permissions (appRole values) a token for one resource must carry. */
export interface ExpectedRoles {
  resourceAppId: string;
  resourceDisplayName: string;
  roles: string[];
}

export interface CredentialPorts {
  /** Masks a sensitive value in the log (core.setSecret) the moment it exists. */
  mask(value: string): void;
  /** Generates a self-signed certificate, or returns the user's, valid until endDateTime. */
  createCertificate(subject: string, endDateTime: string): Promise<CertificateMaterial>;
  /**
   * Writes the credential (and optionally the ids) into Key Vault (value and key-id tag in one write)
   * and/or GitHub secrets (then the NAME_KEY_ID variable naming its keyId). `replacing` is given when
   * GitHub's secret exists: its record is marked pending first, naming the keyId it held.
   */
  store(
    secretName: string,
    credential: NewCredential,
    ids: { clientId: string; tenantId: string },
    replacing?: { keyId: string | null },
  ): Promise<StoredCredential | undefined>;
  /** Writes the store's record naming the credential the secret holds (NAME_KEY_ID). */
  recordHeld(secretName: string, keyId: string): Promise<void>;
  /** GitHub's updated_at of a secret now (null when it is missing or cannot be read). */
  readGitHubUpdatedAt?(name: string): Promise<string | null>;
  /**
   * Marks the record pending again (naming keyId as both new and held before): another run wrote
   * one of the delivery's secrets after this run, so what GitHub holds is uncertain; the next run
   * replaces it.
   */
  recordUncertain?(secretName: string, keyId: string): Promise<void>;
  /** After a credential is removed from the app: disables the store's copies of it (Key Vault versions). */
  retire?(secretName: string, keyId: string): Promise<void>;
  /** Requests a token per resource with the new credential and checks its roles; waits, bounded, while Entra replicates. */
  verify(
    clientId: string,
    credential: NewCredential,
    expected: ExpectedRoles[],
  ): Promise<VerifyResult>;
}

/** Where a stored credential can be fetched, beyond its GitHub secret name. */
/** A GitHub secret a delivery wrote, and its updated_at right after. */
export interface WrittenSecret {
  name: string;
  updatedAt: string;
}

export interface StoredCredential {
  /** https://<vault>/secrets/<name>/<version> of the version holding the credential. */
  keyVaultSecretId?: string;
  /** GitHub's updated_at of each secret written, read right after the writes (when readable). */
  githubWritten?: WrittenSecret[];
  /**
   * Another run marked GitHub's record while this one wrote: the record was left pending, and what
   * GitHub holds is uncertain until the next run replaces it.
   */
  githubOverlapped?: true;
}
