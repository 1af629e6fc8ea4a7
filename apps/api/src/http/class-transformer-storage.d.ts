// class-transformer ships its CommonJS build without a declaration for this entry; the storage is what
// class-validator-jsonschema reads nested DTO types (@Type) from.
declare module 'class-transformer/cjs/storage.js' {
  export const defaultMetadataStorage: import('class-transformer/types/MetadataStorage.js').MetadataStorage;
}
