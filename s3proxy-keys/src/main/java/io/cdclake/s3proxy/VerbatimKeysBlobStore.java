package io.cdclake.s3proxy;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectAclRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAclResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * S3Proxy's blob store as S3 behaves: every key arrives at the store beneath in its {@link StoredKeys stored form}
 * and leaves listings as the key it stands for, so {@code /key} and {@code a//b} are objects of their own, as on
 * AWS. Each method that names an object is mapped; bucket-level calls pass through.
 *
 * <p>One difference from S3 remains: a listing is in the order of stored names, which for keys with an empty
 * segment can differ from S3's byte order (an empty segment sorts as {@code %}, not as {@code /}).
 */
public final class VerbatimKeysBlobStore extends ForwardingBlobStore {

    public VerbatimKeysBlobStore(BlobStore delegate) {
        super(delegate);
    }

    private static String stored(String key) {
        return StoredKeys.encode(key);
    }

    @Override
    public boolean blobExists(String container, String name) {
        return delegate().blobExists(container, stored(name));
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        return delegate().blobMetadata(request.toBuilder().key(stored(request.key())).build());
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        return delegate().getBlob(request.toBuilder().key(stored(request.key())).build());
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        return delegate().putBlob(request.toBuilder().key(stored(request.key())).build(), content);
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        return delegate().removeBlob(request.toBuilder().key(stored(request.key())).build());
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        return delegate().copyBlob(request.toBuilder().sourceKey(stored(request.sourceKey()))
                .destinationKey(stored(request.destinationKey())).build());
    }

    @Override
    public ObjectCannedACL getBlobAccess(String container, String name) {
        return delegate().getBlobAccess(container, stored(name));
    }

    @Override
    public ObjectCannedACL getBlobAccess(String container, String name, String versionId) {
        return delegate().getBlobAccess(container, stored(name), versionId);
    }

    @Override
    public GetObjectAclResponse getBlobAcl(GetObjectAclRequest request) {
        return delegate().getBlobAcl(request.toBuilder().key(stored(request.key())).build());
    }

    @Override
    public void setBlobAccess(String container, String name, ObjectCannedACL access) {
        delegate().setBlobAccess(container, stored(name), access);
    }

    @Override
    public void setBlobAccess(String container, String name, ObjectCannedACL access, String versionId) {
        delegate().setBlobAccess(container, stored(name), access, versionId);
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        ListObjectsV2Response listed = delegate().list(request.toBuilder()
                .prefix(StoredKeys.encodePrefix(request.prefix())).startAfter(stored(request.startAfter())).build());
        List<S3Object> contents = listed.contents().stream()
                .map(o -> o.toBuilder().key(StoredKeys.decode(o.key())).build()).collect(Collectors.toList());
        List<CommonPrefix> prefixes = listed.commonPrefixes().stream()
                .map(p -> CommonPrefix.builder().prefix(StoredKeys.decode(p.prefix())).build())
                .collect(Collectors.toList());
        ListObjectsV2Response.Builder answer = listed.toBuilder().prefix(request.prefix())
                .startAfter(request.startAfter());
        // an empty list set on a builder is sent as an empty element; keep "absent" absent
        if (listed.hasContents()) {
            answer.contents(contents);
        }
        if (listed.hasCommonPrefixes()) {
            answer.commonPrefixes(prefixes);
        }
        return answer.build();
    }

    @Override
    public void clearContainer(ListObjectsV2Request request) {
        delegate().clearContainer(request.toBuilder().prefix(StoredKeys.encodePrefix(request.prefix())).build());
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        return asClientSees(delegate().initiateMultipartUpload(
                request.toBuilder().key(stored(request.key())).build()));
    }

    @Override
    public void abortMultipartUpload(MultipartUpload upload) {
        delegate().abortMultipartUpload(asStored(upload));
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse completed = delegate().completeMultipartUpload(asStored(upload),
                request.toBuilder().key(stored(request.key())).build());
        return completed.toBuilder().key(StoredKeys.decode(completed.key())).build();
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request,
                                                  InputStream content) {
        return delegate().uploadMultipartPart(asStored(upload), request.toBuilder().key(stored(request.key())).build(),
                content);
    }

    @Override
    public List<Part> listMultipartUpload(MultipartUpload upload) {
        return delegate().listMultipartUpload(asStored(upload));
    }

    @Override
    public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(String container) {
        return delegate().listMultipartUploads(container).stream()
                .map(u -> u.toBuilder().key(StoredKeys.decode(u.key())).build()).collect(Collectors.toList());
    }

    private static MultipartUpload asStored(MultipartUpload upload) {
        return withKey(upload, stored(upload.blobName()));
    }

    private static MultipartUpload asClientSees(MultipartUpload upload) {
        return withKey(upload, StoredKeys.decode(upload.blobName()));
    }

    private static MultipartUpload withKey(MultipartUpload upload, String key) {
        CreateMultipartUploadResponse response = upload.response();
        return new MultipartUpload(upload.id(), upload.request().toBuilder().key(key).build(),
                response == null ? null : response.toBuilder().key(key).build());
    }
}
