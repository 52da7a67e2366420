package backup

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config says how to reach a bucket.
type S3Config struct {
	// Endpoint is a URL with scheme http or https and a host.
	Endpoint        string
	Bucket          string
	Region          string
	ForcePathStyle  bool
	AccessKeyID     string
	SecretAccessKey string
	// CA holds PEM certificates trusted for the endpoint, besides none
	// of the system's when set.
	CA []byte
}

// Store writes, lists and deletes the backups of a bucket.
type Store struct {
	client *minio.Client
	bucket string
}

// NewS3 returns the Store of cfg's bucket. It makes no request.
func NewS3(cfg S3Config) (*Store, error) {
	u, err := url.Parse(cfg.Endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
		return nil, fmt.Errorf("spec.backup.s3.endpoint %q is not a URL with scheme http or https and a host only", cfg.Endpoint)
	}
	secure := u.Scheme == "https"
	transport, err := minio.DefaultTransport(secure)
	if err != nil {
		return nil, err
	}
	if len(cfg.CA) > 0 {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(cfg.CA) {
			return nil, errors.New("the CA Secret named by spec.backup.s3.caSecret holds no PEM certificate")
		}
		if transport.TLSClientConfig == nil {
			transport.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		transport.TLSClientConfig.RootCAs = pool
	}
	lookup := minio.BucketLookupAuto
	if cfg.ForcePathStyle {
		lookup = minio.BucketLookupPath
	}
	c, err := minio.New(u.Host, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKeyID, cfg.SecretAccessKey, ""),
		Secure:       secure,
		Region:       cfg.Region,
		BucketLookup: lookup,
		Transport:    transport,
	})
	if err != nil {
		return nil, err
	}
	return &Store{client: c, bucket: cfg.Bucket}, nil
}

// Check tells whether the bucket exists and the credentials reach it:
// before a dump is asked for, so that a misconfigured store costs SFTPGo
// nothing.
func (s *Store) Check(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("checking bucket %q: %w", s.bucket, s3Error(err))
	}
	if !ok {
		return fmt.Errorf("bucket %q does not exist: create it", s.bucket)
	}
	return nil
}

// Put writes data at key.
func (s *Store) Put(ctx context.Context, key string, data []byte) error {
	_, err := s.client.PutObject(ctx, s.bucket, key, bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: "application/json"})
	if err != nil {
		return fmt.Errorf("writing %s: %w", s.URI(key), s3Error(err))
	}
	return nil
}

// List returns the backups under prefix (not below it: the keys of
// another SFTPGo whose name extends this one's are not listed).
func (s *Store) List(ctx context.Context, prefix string) ([]Object, error) {
	var out []Object
	for info := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix}) {
		if info.Err != nil {
			return nil, fmt.Errorf("listing %s: %w", s.URI(prefix), s3Error(info.Err))
		}
		if strings.Contains(strings.TrimPrefix(info.Key, prefix), "/") {
			continue
		}
		if o, ok := ParseKey(info.Key); ok {
			out = append(out, o)
		}
	}
	return out, nil
}

// Remove deletes the object at key.
func (s *Store) Remove(ctx context.Context, key string) error {
	if err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("deleting %s: %w", s.URI(key), s3Error(err))
	}
	return nil
}

// Get reads the object at key (tests and restores).
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, s3Error(err)
	}
	defer func() { _ = obj.Close() }()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(obj); err != nil {
		return nil, s3Error(err)
	}
	return buf.Bytes(), nil
}

// URI names an object of the bucket: s3://bucket/key.
func (s *Store) URI(key string) string { return "s3://" + s.bucket + "/" + key }

// s3Error keeps what an administrator can act on of an S3 error: its code
// and message (never the request's signature or credentials, which the
// client's errors do not carry either).
func s3Error(err error) error {
	var resp minio.ErrorResponse
	if errors.As(err, &resp) && resp.Code != "" {
		if resp.StatusCode != 0 {
			return fmt.Errorf("%s (HTTP %d): %s", resp.Code, resp.StatusCode, resp.Message)
		}
		return fmt.Errorf("%s: %s", resp.Code, resp.Message)
	}
	return err
}
