"""kinerja: the ASN performance-evaluation workflow deployed to AWS Lambda."""
